from django.contrib import admin
from django.urls import include, path

from tests import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("quickscale_core.api.urls")),
    path("refused/", views.refused),
    path("refused-silently/", views.refused_silently),
    path("delete/", views.delete_thing),
    path("page/", views.page),
    path("base/", views.rendered),
]
