"""``/api/schema/`` (OpenAPI 3) and ``/api/docs/`` (Swagger UI, served locally).

Include under ``api/``: ``path("api/", include("quickscale_core.api.urls"))``. The docs page loads
its script from ``/api/docs/?script`` (no inline script) and nonces its one ``<style>`` block, so it
works under the Content-Security-Policy of quickscale_core.csp.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="quickscale_core/api/swagger_ui.html"),
        name="api-docs",
    ),
]
