from django.urls import include, path

from tests.urls import urlpatterns as base

urlpatterns = [*base, path("accounts/", include("quickscale_modules.auth.urls"))]
