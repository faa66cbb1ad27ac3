from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("quickscale_modules.auth.urls")),
    path("teams/", include("quickscale_modules.teams.urls")),
    path("teams/", include("teams_projects.urls")),
    path("api/", include("quickscale_core.api.urls")),
    path("api/", include("quickscale_modules.auth.api.urls")),
    path("api/", include("quickscale_modules.teams.api.urls")),
    path("api/", include("teams_projects.api_urls")),
]
