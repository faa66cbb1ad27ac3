"""QuickScale auth module (app label ``quickscale_auth``)."""

__version__ = "1.0.0"
