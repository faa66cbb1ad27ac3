"""Receivers of core's seams and of allauth's signals, connected in ``TeamsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils.translation import gettext as _

from quickscale_core.signals import user_data_export, user_deleting, user_deletion_blockers
from quickscale_modules.teams import selectors, services
from quickscale_modules.teams.app_settings import app_settings
from quickscale_modules.teams.exceptions import TeamError

#: Session key holding the token of an invitation opened while logged out.
SESSION_TOKEN_KEY = "quickscale_teams_invitation_token"  # noqa: S105 - a session key, not a secret
#: Refusals that a later login or email confirmation can lift: the token stays in the session then.
KEEP_TOKEN_CODES = frozenset({"wrong_user", "unverified"})


def deletion_blockers(sender: Any, user: Any, **kwargs: Any) -> list[str]:
    return [
        _(
            "You are the only owner of the team “%(team)s”, which has other members: make another member "
            "owner (or remove them) before deleting your account."
        )
        % {"team": team.name}
        for team in selectors.teams_blocking_deletion(user)
    ]


def deleting(sender: Any, user: Any, **kwargs: Any) -> None:
    services.remove_user_from_teams(user=user)


def data_export(sender: Any, user: Any, **kwargs: Any) -> tuple[str, list[dict[str, Any]]]:
    return (
        "teams",
        [
            {
                "team": membership.team.name,
                "slug": membership.team.slug,
                "role": membership.role,
                "joined": membership.created.isoformat(),
            }
            for membership in selectors.memberships_of_user(user)
        ],
    )


def create_personal_team(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if app_settings.PERSONAL_TEAM and user is not None:
        services.create_personal_team(user=user)


def accept_pending_invitation(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """Accept the invitation a logged-out visitor opened, once they log in (or sign up and log in)."""
    session = getattr(request, "session", None)
    if request is None or session is None or SESSION_TOKEN_KEY not in session:
        return
    token = session[SESSION_TOKEN_KEY]
    try:
        membership = services.accept_invitation(token=token, user=user)
    except TeamError as error:
        if error.code not in KEEP_TOKEN_CODES:
            session.pop(SESSION_TOKEN_KEY, None)
        messages.warning(request, str(error), fail_silently=True)
        return
    session.pop(SESSION_TOKEN_KEY, None)
    messages.success(request, _("You joined %(team)s.") % {"team": membership.team.name}, fail_silently=True)


def accept_pending_on_confirmation(
    sender: Any, request: HttpRequest | None = None, email_address: Any = None, **kwargs: Any
) -> None:
    """allauth's ``email_confirmed``: the address an invitation waited for is verified now."""
    user = getattr(request, "user", None)
    if email_address is not None and getattr(user, "is_authenticated", False) and user == email_address.user:
        accept_pending_invitation(sender, request=request, user=user)


def connect(*, allauth_installed: bool) -> None:
    uid = "quickscale_teams"
    user_deletion_blockers.connect(deletion_blockers, dispatch_uid=f"{uid}.blockers")
    user_deleting.connect(deleting, dispatch_uid=f"{uid}.deleting")
    user_data_export.connect(data_export, dispatch_uid=f"{uid}.export")
    user_logged_in.connect(accept_pending_invitation, dispatch_uid=f"{uid}.accept_pending")
    if allauth_installed:
        from allauth.account.signals import email_confirmed, user_signed_up

        user_signed_up.connect(create_personal_team, dispatch_uid=f"{uid}.personal_team")
        email_confirmed.connect(accept_pending_on_confirmation, dispatch_uid=f"{uid}.accept_on_confirmation")
