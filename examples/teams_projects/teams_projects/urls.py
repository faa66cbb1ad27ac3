"""Pages: path("teams/", include("teams_projects.urls")); API: path("api/", include("teams_projects.api_urls"))."""

from django.urls import path

from teams_projects import views

app_name = "teams_projects"

urlpatterns = [
    path("<slug:slug>/projects/", views.ProjectList.as_view(), name="list"),
    path("<slug:slug>/projects/new/", views.ProjectCreate.as_view(), name="create"),
    path("<slug:slug>/projects/<int:pk>/", views.ProjectDetail.as_view(), name="detail"),
    path("<slug:slug>/projects/<int:pk>/edit/", views.ProjectUpdate.as_view(), name="update"),
    path("<slug:slug>/projects/<int:pk>/delete/", views.ProjectDelete.as_view(), name="delete"),
]
