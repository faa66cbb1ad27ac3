from django.contrib import admin
from django.urls import include, path

from quickscale_core.health import healthz, readyz
from tests import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("quickscale_core.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("refused/", views.refused),
    path("refused-silently/", views.refused_silently),
    path("delete/", views.delete_thing),
    path("page/", views.page),
    path("base/", views.rendered),
    path("csp/inline-script/", views.inline_script),
    path("csp/no-script/", views.no_script),
    path("csp/posts-elsewhere/", views.posts_elsewhere),
]
