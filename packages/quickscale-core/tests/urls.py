from django.contrib import admin
from django.urls import include, path

from quickscale_core.health import healthz, readyz
from tests import api_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("quickscale_core.api.urls")),
    path("api/things/", api_views.ThingsView.as_view()),
    path("api/things/<int:pk>/", api_views.ThingViewSet.as_view({"get": "retrieve", "delete": "destroy"})),
    path("api/public/", api_views.PublicView.as_view()),
    path("api/listed/", api_views.ListedView.as_view()),
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
