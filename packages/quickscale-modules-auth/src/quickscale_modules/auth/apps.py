from quickscale_core.apps import ModuleConfig


class AuthConfig(ModuleConfig):
    name = "quickscale_modules.auth"
    label = "quickscale_auth"
    verbose_name = "Auth"
