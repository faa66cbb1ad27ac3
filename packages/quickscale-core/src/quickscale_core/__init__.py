"""QuickScale core: settings layering, system checks, shared templates, test helpers."""

__version__ = "1.0.0"
