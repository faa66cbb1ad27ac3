"""``path("api/", include("quickscale_modules.notifications.api.urls"))``: everything under ``/api/notifications/``."""

from django.urls import path

from quickscale_modules.notifications.api import views

app_name = "quickscale_notifications_api"

urlpatterns = [
    path("notifications/", views.NotificationViewSet.as_view({"get": "list"}), name="notifications"),
    path("notifications/unread-count/", views.UnreadCountView.as_view(), name="unread_count"),
    path("notifications/read-all/", views.NotificationViewSet.as_view({"post": "read_all"}), name="read_all"),
    path("notifications/preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("notifications/<int:pk>/", views.NotificationViewSet.as_view({"get": "retrieve"}), name="notification"),
    path("notifications/<int:pk>/read/", views.NotificationViewSet.as_view({"post": "read"}), name="read"),
]
