"""Scoped API: TeamScopedViewSet filters by request.team and saves new objects into it."""

from rest_framework import serializers

from quickscale_modules.teams.api.base import TeamScopedViewSet
from teams_projects.models import Project


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ("id", "name", "description")


class ProjectViewSet(TeamScopedViewSet):
    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    team_write_permission = None  # any member may write; set e.g. "manage_members" to restrict
