"""QuickScale auth module (app label ``quickscale_auth``)."""

__version__ = "0.1.0"
