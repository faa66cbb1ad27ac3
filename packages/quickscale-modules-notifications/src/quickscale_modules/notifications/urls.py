"""Notification pages: ``path("notifications/", include("quickscale_modules.notifications.urls"))``."""

from django.urls import path

from quickscale_modules.notifications import views

app_name = "quickscale_notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
