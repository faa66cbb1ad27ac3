from django.contrib import admin
from django.urls import include, path

from quickscale_core.health import healthz
from tests import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("quickscale_core.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("csp/inline-script/", views.inline_script),
    path("csp/no-script/", views.no_script),
    path("csp/posts-elsewhere/", views.posts_elsewhere),
]
