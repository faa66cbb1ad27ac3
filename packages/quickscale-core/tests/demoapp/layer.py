from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="tests.demoapp",
    lists={"INSTALLED_APPS": ["tests.demoapp"]},
    dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 50}},
    defaults={"DEMOAPP_GREETING": "hello"},
)
