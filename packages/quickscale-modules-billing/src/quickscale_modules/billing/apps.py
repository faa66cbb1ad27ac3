from quickscale_core.apps import ModuleConfig


class BillingConfig(ModuleConfig):
    name = "quickscale_modules.billing"
    label = "quickscale_billing"
    verbose_name = "Billing"
