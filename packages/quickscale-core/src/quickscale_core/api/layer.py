"""Settings layer for the REST API shared by modules: DRF and an offline OpenAPI schema/docs."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_core.api",
    lists={
        "INSTALLED_APPS": ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"],
        # A path under /api/ that no route matches answers JSON in the error shape, not an HTML page.
        "MIDDLEWARE": ["quickscale_core.api.middleware.ApiErrorMiddleware"],
    },
    dicts={
        "REST_FRAMEWORK": {
            # Every status each operation can answer, in the one error body (quickscale_core.api.schema).
            "DEFAULT_SCHEMA_CLASS": "quickscale_core.api.schema.AutoSchema",
            "EXCEPTION_HANDLER": "quickscale_core.api.exceptions.exception_handler",
            # JSON in, as the schema says: a form-encoded body would turn every value into a string.
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
            "TEST_REQUEST_DEFAULT_FORMAT": "json",
            "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_PAGINATION_CLASS": "quickscale_core.api.pagination.PageNumberPagination",
            "PAGE_SIZE": 50,
        },
        "SPECTACULAR_SETTINGS": {
            "TITLE": "API",
            "VERSION": "1.0.0",
            "SERVE_INCLUDE_SCHEMA": False,
            # Request and response bodies as separate components: what a client sends vs what it reads.
            "COMPONENT_SPLIT_REQUEST": True,
            # Path parameters say what their URL converter matches (another value is a 404).
            "PATH_CONVERTER_OVERRIDES": {
                "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                "int": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
            },
            "POSTPROCESSING_HOOKS": [
                "drf_spectacular.hooks.postprocess_schema_enums",
                "quickscale_core.api.schema.add_links",
            ],
            # Swagger UI assets from the drf-spectacular-sidecar wheel: no CDN.
            "SWAGGER_UI_DIST": "SIDECAR",
            "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
            "REDOC_DIST": "SIDECAR",
            # No badge image from validator.swagger.io: nothing leaves the site (and the CSP allows no such image).
            "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
        },
    },
)
