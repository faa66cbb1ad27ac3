"""QuickScale CLI: ``quickscale init`` scaffolds a project; ``quickscale template`` prints the template path."""

__version__ = "1.0.0"
