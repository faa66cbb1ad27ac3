"""Settings layer of quickscale_modules.notifications: what it adds to a project's settings."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_modules.notifications",
    requires=("quickscale_core.api",),
    lists={
        "INSTALLED_APPS": ["django.contrib.contenttypes", "quickscale_modules.notifications"],
        "TEMPLATE_CONTEXT_PROCESSORS": ["quickscale_modules.notifications.context_processors.notifications"],
    },
)
