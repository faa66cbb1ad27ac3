"""QuickScale billing module (app label ``quickscale_billing``)."""

__version__ = "1.0.0"
