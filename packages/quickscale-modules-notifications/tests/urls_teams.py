from django.urls import include, path

from tests.urls import urlpatterns as base

urlpatterns = [
    *base,
    path("accounts/", include("allauth.urls")),
    path("teams/", include("quickscale_modules.teams.urls")),
]
