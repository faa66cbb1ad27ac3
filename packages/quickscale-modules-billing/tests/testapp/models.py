from django.conf import settings
from django.db import models


class Team(models.Model):
    """A team-like billing owner, standing in for quickscale_modules.teams in these tests."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    seats = models.PositiveIntegerField(default=1)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return self.name

    def seat_count(self) -> int:
        return self.seats
