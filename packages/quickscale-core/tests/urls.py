from django.urls import include, path

urlpatterns = [path("api/", include("quickscale_core.api.urls"))]
