"""QuickScale notifications module (app label ``quickscale_notifications``)."""

__version__ = "1.0.0"
