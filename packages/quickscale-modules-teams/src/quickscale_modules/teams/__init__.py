"""QuickScale teams module (app label ``quickscale_teams``)."""

__version__ = "1.0.0"
