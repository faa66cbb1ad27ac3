"""Team pages: ``path("teams/", include("quickscale_modules.teams.urls"))``."""

from django.urls import path

from quickscale_modules.teams import views

app_name = "quickscale_teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("create/", views.team_create, name="create"),
    path("invitations/<str:token>/", views.invitation_accept, name="accept"),
    path("<slug:slug>/", views.team_detail, name="detail"),
    path("<slug:slug>/leave/", views.team_leave, name="leave"),
    path("<slug:slug>/delete/", views.team_delete, name="delete"),
    path("<slug:slug>/transfer/", views.team_transfer, name="transfer"),
    path("<slug:slug>/members/", views.team_members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/", views.team_invitations, name="invitations"),
    path("<slug:slug>/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
