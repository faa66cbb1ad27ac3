"""``path("api/", include("quickscale_modules.teams.api.urls"))``: everything under ``/api/teams/``."""

from django.urls import path

from quickscale_modules.teams.api import views

app_name = "quickscale_teams_api"

urlpatterns = [
    path("teams/", views.TeamListCreateView.as_view({"get": "list", "post": "create"}), name="teams"),
    path("teams/invitations/accept/", views.AcceptInvitationView.as_view(), name="accept"),
    path(
        "teams/<slug:slug>/",
        views.TeamDetailView.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="team",
    ),
    path("teams/<slug:slug>/leave/", views.TeamDetailView.as_view({"post": "leave"}), name="leave"),
    path("teams/<slug:slug>/transfer/", views.TeamDetailView.as_view({"post": "transfer"}), name="transfer"),
    path("teams/<slug:slug>/members/", views.MemberViewSet.as_view({"get": "list"}), name="members"),
    path(
        "teams/<slug:slug>/members/<int:pk>/",
        views.MemberViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="member",
    ),
    path(
        "teams/<slug:slug>/invitations/",
        views.InvitationViewSet.as_view({"get": "list", "post": "create"}),
        name="invitations",
    ),
    path(
        "teams/<slug:slug>/invitations/<int:pk>/",
        views.InvitationViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="invitation",
    ),
    path(
        "teams/<slug:slug>/invitations/<int:pk>/resend/",
        views.InvitationViewSet.as_view({"post": "resend"}),
        name="invitation_resend",
    ),
]
