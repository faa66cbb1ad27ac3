"""Settings layer of quickscale_modules.teams: what it adds to a project's settings."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_modules.teams",
    requires=("quickscale_core.api",),
    lists={
        "INSTALLED_APPS": ["quickscale_modules.teams"],
        "AUTHENTICATION_BACKENDS": [
            "django.contrib.auth.backends.ModelBackend",
            "quickscale_modules.teams.backends.TeamPermissionBackend",
        ],
    },
    # Teams are the owners other modules (billing) see through quickscale_core.owners.
    defaults={"QUICKSCALE_OWNER_PROVIDER": "quickscale_modules.teams.owners.TeamOwnerProvider"},
)
