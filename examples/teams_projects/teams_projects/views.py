"""Scoped views: TeamScopedQuerysetMixin limits every queryset to request.team (404 otherwise)."""

from django.urls import reverse
from django.views import generic

from quickscale_modules.teams.context import team_membership
from quickscale_modules.teams.mixins import TeamScopedQuerysetMixin
from teams_projects.models import Project


class ProjectList(TeamScopedQuerysetMixin, generic.ListView):
    model = Project


class ProjectDetail(TeamScopedQuerysetMixin, generic.DetailView):
    model = Project


class ProjectCreate(TeamScopedQuerysetMixin, generic.CreateView):
    model = Project
    fields = ("name", "description")


class ProjectUpdate(TeamScopedQuerysetMixin, generic.UpdateView):
    model = Project
    fields = ("name", "description")


class ProjectDelete(TeamScopedQuerysetMixin, generic.DeleteView):
    model = Project
    # Deleting needs a role that grants it (owner and admin by default).
    team_permission = "manage_members"

    def get_success_url(self) -> str:
        return reverse("teams_projects:list", kwargs={"slug": team_membership(self.request).team.slug})
