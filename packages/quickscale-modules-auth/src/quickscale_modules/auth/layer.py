"""Settings layer of quickscale_modules.auth: what it adds to a project's settings."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_modules.auth",
    requires=("quickscale_core.api",),
    lists={"INSTALLED_APPS": ["quickscale_modules.auth"]},
)
