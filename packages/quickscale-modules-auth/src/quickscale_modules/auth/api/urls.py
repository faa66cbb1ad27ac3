"""Mount under ``api/``: ``path("api/", include("quickscale_modules.auth.api.urls"))`` gives ``/api/me/``."""

from django.urls import path

from quickscale_modules.auth.api.views import MeView

app_name = "quickscale_auth_api"

urlpatterns = [path("me/", MeView.as_view(), name="me")]
