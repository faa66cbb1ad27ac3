"""QuickScale teams module (app label ``quickscale_teams``)."""

__version__ = "0.1.0"
