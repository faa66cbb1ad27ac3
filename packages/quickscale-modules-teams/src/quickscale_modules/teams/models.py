"""Team, Membership, Invitation and the abstract base of team-owned data."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quickscale_modules.teams.roles import role_label


def hash_token(token: str) -> str:
    """The stored form of an invitation token: only its SHA-256 hex digest is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class Team(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    personal = models.BooleanField(default=False, help_text="Created for one user at signup.")
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quickscale_teams:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    # Roles come from QUICKSCALE_TEAMS_ROLES, so no fixed choices: a project can add roles without a migration.
    role = models.CharField(max_length=50)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["created", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["team", "user"], name="quickscale_teams_one_membership_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

    @property
    def role_label(self) -> str:
        return role_label(self.role)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=50)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the secret sent by email; the secret itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=models.Q(status="pending"),
                name="quickscale_teams_one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.team}"

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired

    @property
    def role_label(self) -> str:
        return role_label(self.role)


_M = TypeVar("_M", bound=models.Model)


class TeamOwnedQuerySet(models.QuerySet[_M]):
    def for_team(self, team: Team) -> TeamOwnedQuerySet[_M]:
        """Only the rows of ``team``: the access path every view and API of team data uses."""
        return self.filter(team=team)


class TeamOwnedModel(models.Model):
    """Abstract base of data that belongs to one team.

    Read it through ``Model.objects.for_team(request.team)`` (or the view mixin
    and DRF viewset base that do it for you), never through ``objects.all()``
    in a request.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_set")

    objects: Any = TeamOwnedQuerySet.as_manager()

    class Meta:
        abstract = True
