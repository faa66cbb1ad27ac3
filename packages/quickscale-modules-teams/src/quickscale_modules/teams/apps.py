from quickscale_core.apps import ModuleConfig


class TeamsConfig(ModuleConfig):
    name = "quickscale_modules.teams"
    label = "quickscale_teams"
    verbose_name = "Teams"
