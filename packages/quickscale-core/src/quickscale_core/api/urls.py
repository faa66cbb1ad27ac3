"""``/api/schema/`` (OpenAPI 3) and ``/api/docs/`` (Swagger UI, served locally).

Include under ``api/``: ``path("api/", include("quickscale_core.api.urls"))``.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
