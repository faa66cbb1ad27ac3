"""Settings layer of quickscale_modules.billing: what it adds to a project's settings."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_modules.billing",
    requires=("quickscale_core.api",),
    lists={"INSTALLED_APPS": ["quickscale_modules.billing"]},
)
