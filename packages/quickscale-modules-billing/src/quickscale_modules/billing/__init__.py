"""QuickScale billing module (app label ``quickscale_billing``)."""

__version__ = "0.1.0"
