from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def dashboard(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"dashboard of {request.user}")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("dashboard/", dashboard, name="dashboard"),
    path("accounts/", include("quickscale_modules.auth.urls")),
    path("api/", include("quickscale_core.api.urls")),
    path("api/", include("quickscale_modules.auth.api.urls")),
]
