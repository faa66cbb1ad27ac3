from django.urls import path

from teams_projects.api import ProjectViewSet

app_name = "teams_projects_api"

urlpatterns = [
    path("teams/<slug:slug>/projects/", ProjectViewSet.as_view({"get": "list", "post": "create"}), name="projects"),
    path(
        "teams/<slug:slug>/projects/<int:pk>/",
        ProjectViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}),
        name="project",
    ),
]
