"""Reads: the queries views, the API and other modules use (each a fixed number of queries).

A user is filtered on by its key (``user_id=user.pk``): ``request.user`` is a lazy object, and the ORM
normalising it as a model instance costs ~50 us per filter on every page (docs/performance.md).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, QuerySet

from quickscale_core.prepared import PreparedQuery
from quickscale_modules.teams.app_settings import OWNER_ROLE
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team, hash_token


def allauth_installed() -> bool:
    return apps.is_installed("allauth.account")


def user_email(user: Any) -> str:
    return str(getattr(user, "email", "") or "")


def user_has_verified_email(user: Any, email: str) -> bool:
    """True when ``email`` is one of the user's verified addresses.

    With allauth, its ``EmailAddress`` rows decide (verified ones only);
    without it, the user's ``email`` field is trusted.
    """
    if not email:
        return False
    if allauth_installed():
        from allauth.account.models import EmailAddress

        return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())
    return user_email(user).lower() == email.lower()


def membership_for(*, user: Any, slug: str) -> Membership | None:
    """The user's membership of the team with ``slug`` (team loaded), or None: one query."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = _membership_by_slug(slug, user.pk)  # every team page asks: its SQL is built once (core's prepared)
    return found[0] if found else None


_membership_by_slug = PreparedQuery(
    lambda slug, user_id: Membership.objects.select_related("team").filter(team__slug=slug, user_id=user_id)[:1]
)


def memberships_of_user(user: Any) -> QuerySet[Membership]:
    """The user's memberships with their team and its member count: one query, whatever the sizes."""
    return _memberships_of_user_id(user.pk)


def _memberships_of_user_id(user_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("team")
        .annotate(member_count=Count("team__memberships"))
        .order_by("team__name", "team__pk")
    )


_memberships_of_user_list = PreparedQuery(_memberships_of_user_id)


def memberships_of_user_list(user: Any) -> list[Membership]:
    """:func:`memberships_of_user` as a list, its SQL built once (the pages; the API pages the queryset)."""
    return _memberships_of_user_list(user.pk)


def count_memberships_of_user(user: Any) -> int:
    """How many rows ``memberships_of_user`` has, without its grouped join: one query."""
    return _memberships_of_user_id_only.count(user.pk)


_memberships_of_user_id_only = PreparedQuery(lambda user_id: Membership.objects.filter(user_id=user_id).only("pk"))
#: Pages of ``memberships_of_user`` by (offset, limit), each prepared: its LIMIT and OFFSET are in the SQL.
_membership_pages: dict[tuple[int, int], PreparedQuery[Membership]] = {}
_MAX_PREPARED_PAGES = 64


def memberships_of_user_page(user: Any, offset: int, limit: int) -> list[Membership]:
    """``memberships_of_user(user)[offset:offset + limit]`` as a list (the API's pages): one query."""
    query = _membership_pages.get((offset, limit))
    if query is None:
        if len(_membership_pages) >= _MAX_PREPARED_PAGES:
            _membership_pages.clear()
        query = _membership_pages[offset, limit] = PreparedQuery(
            lambda user_id: _memberships_of_user_id(user_id)[offset : offset + limit]
        )
    return query(user.pk)


def teams_of_user(user: Any) -> QuerySet[Team]:
    """The teams ``user`` is a member of (e.g. for another module choosing a billing owner)."""
    return Team.objects.filter(memberships__user=user)


def members_of(team: Team) -> QuerySet[Membership]:
    """A team's memberships with their users: one query."""
    return _members_of_team_id(team.pk)


def _members_of_team_id(team_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(team_id=team_id).select_related("user").order_by("created", "pk")


_members_list = PreparedQuery(_members_of_team_id)


def members_list(team: Team) -> list[Membership]:
    """:func:`members_of` as a list, its SQL built once (the members page)."""
    return _members_list(team.pk)


def pending_invitations_of(team: Team) -> QuerySet[Invitation]:
    return _pending_invitations_of_team_id(team.pk)


def _pending_invitations_of_team_id(team_id: int) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(team_id=team_id, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created", "-pk")
    )


_pending_invitations_list = PreparedQuery(_pending_invitations_of_team_id)


def pending_invitations_list(team: Team) -> list[Invitation]:
    """:func:`pending_invitations_of` as a list, its SQL built once (the invitations page)."""
    return _pending_invitations_list(team.pk)


def invitation_by_token(token: str) -> Invitation | None:
    if not token:
        return None
    return Invitation.objects.select_related("team", "invited_by").filter(token_hash=hash_token(token)).first()


def teams_blocking_deletion(user: Any) -> list[Team]:
    """Teams where ``user`` is the only owner and other people are members."""
    owned = Membership.objects.filter(user=user, role=OWNER_ROLE).select_related("team")
    blocking = []
    for membership in owned:
        others = Membership.objects.filter(team=membership.team).exclude(user=user)
        if others.exists() and not others.filter(role=OWNER_ROLE).exists():
            blocking.append(membership.team)
    return blocking
