"""QuickScale core: settings layering, system checks, shared templates, test helpers."""

__version__ = "0.1.0"
