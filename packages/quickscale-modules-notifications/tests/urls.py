from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("notifications/", include("quickscale_modules.notifications.urls")),
    path("api/", include("quickscale_core.api.urls")),
    path("api/", include("quickscale_modules.notifications.api.urls")),
]
