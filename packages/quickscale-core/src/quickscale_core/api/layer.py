"""Settings layer for the REST API shared by modules: DRF and an offline OpenAPI schema/docs."""

from quickscale_core.settings.layering import Layer

LAYER = Layer(
    name="quickscale_core.api",
    lists={"INSTALLED_APPS": ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]},
    dicts={
        "REST_FRAMEWORK": {
            "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
            "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
            "PAGE_SIZE": 50,
        },
        "SPECTACULAR_SETTINGS": {
            "TITLE": "API",
            "VERSION": "1.0.0",
            "SERVE_INCLUDE_SCHEMA": False,
            # Swagger UI assets from the drf-spectacular-sidecar wheel: no CDN.
            "SWAGGER_UI_DIST": "SIDECAR",
            "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
            "REDOC_DIST": "SIDECAR",
            # No badge image from validator.swagger.io: nothing leaves the site (and the CSP allows no such image).
            "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
        },
    },
)
