"""A team-owned model: every project belongs to exactly one team."""

from django.db import models
from django.urls import reverse

from quickscale_modules.teams.models import TeamOwnedModel


class Project(TeamOwnedModel):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams_projects:detail", kwargs={"slug": self.team.slug, "pk": self.pk})
