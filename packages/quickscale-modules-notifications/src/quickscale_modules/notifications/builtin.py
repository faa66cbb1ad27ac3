"""The kinds this module registers for core's signals, and the receivers that notify through them.

Teams, billing and auth send the signals (quickscale_core.signals) whether or not this module is
installed; they never import it. ``QUICKSCALE_NOTIFICATIONS_BUILTIN_KINDS = False`` turns them off.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from quickscale_core import signals
from quickscale_modules.notifications import services
from quickscale_modules.notifications.kinds import EMAIL_DIGEST, EMAIL_IMMEDIATE, EMAIL_OFF, Kind, register

#: Roles told about membership and billing events of a team.
TEAM_MANAGERS = ("owner", "admin")

KINDS = (
    # The teams module emails the invitation itself: by default it only appears in the inbox too.
    Kind("teams.invitation", _("Team invitations"), email=EMAIL_OFF),
    Kind("teams.member_joined", _("Someone joined your team"), email=EMAIL_DIGEST),
    Kind("teams.member_left", _("Someone left your team"), email=EMAIL_DIGEST),
    Kind("teams.role_changed", _("Your role in a team changed"), email=EMAIL_IMMEDIATE),
    Kind("billing.subscription_changed", _("Subscription changes"), email=EMAIL_IMMEDIATE),
    Kind("billing.payment_failed", _("Failed payments"), email=EMAIL_IMMEDIATE),
    Kind("auth.new_sign_in", _("Sign-ins from a new device"), email=EMAIL_IMMEDIATE),
)


def _team_context(team: Model) -> dict[str, Any]:
    return {"team": str(team), "team_url": str(getattr(team, "get_absolute_url", lambda: "")())}


def _owns_address(user: Any, email: str) -> bool:
    """Whether ``user`` proved they own ``email`` (allauth's verified address, when allauth is installed).

    The in-app notification carries the accept link: an account that merely typed the address must not get it.
    """
    if not apps.is_installed("allauth.account"):
        return True
    from allauth.account.models import EmailAddress

    return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())


def on_invitation_sent(sender: Any, invitation: Any, url: str = "", **kwargs: Any) -> None:
    invitee = get_user_model().objects.filter(email__iexact=invitation.email, is_active=True).first()
    if invitee is None or not _owns_address(invitee, invitation.email):
        return  # no account (or not a verified one) yet: the invitation email is all they get
    inviter = invitation.invited_by
    services.notify(
        kind="teams.invitation",
        recipients=[invitee],
        context={
            **_team_context(invitation.team),
            "role": str(getattr(invitation, "role_label", invitation.role)),
            "inviter": str(getattr(inviter, "email", "") or ""),
        },
        url=url,
    )


def on_member_joined(sender: Any, team: Model, user: Any, role: str = "", **kwargs: Any) -> None:
    services.notify(
        kind="teams.member_joined",
        team=team,
        roles=TEAM_MANAGERS,
        exclude=[user],
        context={**_team_context(team), "member": str(getattr(user, "email", user)), "role": role},
        url=_team_context(team)["team_url"],
    )


def on_member_left(sender: Any, team: Model, user: Any, by: Any = None, **kwargs: Any) -> None:
    services.notify(
        kind="teams.member_left",
        team=team,
        roles=TEAM_MANAGERS,
        exclude=[user, by] if by is not None else [user],
        context={**_team_context(team), "member": str(getattr(user, "email", user))},
        url=_team_context(team)["team_url"],
    )


def on_role_changed(sender: Any, team: Model, user: Any, role: str, by: Any = None, **kwargs: Any) -> None:
    if by is not None and getattr(by, "pk", None) == getattr(user, "pk", None):
        return
    services.notify(
        kind="teams.role_changed",
        recipients=[user],
        context={**_team_context(team), "role": role},
        url=_team_context(team)["team_url"],
    )


def _owner_name(owner: Model) -> str:
    return str(getattr(owner, "email", "") or owner)


def _owner_recipients(owner: Model) -> dict[str, Any]:
    """A user owner is notified; a team owner's owners and admins are."""
    if isinstance(owner, get_user_model()):
        return {"recipients": [owner]}
    return {"team": owner, "roles": TEAM_MANAGERS}


def on_subscription_changed(sender: Any, owner: Model, status: str = "", plan: str = "", **kwargs: Any) -> None:
    services.notify(
        kind="billing.subscription_changed",
        context={"owner": _owner_name(owner), "status": status, "plan": plan},
        url=str(kwargs.get("url", "")),
        **_owner_recipients(owner),
    )


def on_payment_failed(sender: Any, owner: Model, url: str = "", **kwargs: Any) -> None:
    services.notify(
        kind="billing.payment_failed", context={"owner": _owner_name(owner)}, url=url, **_owner_recipients(owner)
    )


def on_new_sign_in(sender: Any, user: Any, ip: str = "", user_agent: str = "", **kwargs: Any) -> None:
    services.notify(kind="auth.new_sign_in", recipients=[user], context={"ip": ip, "user_agent": user_agent[:200]})


RECEIVERS = (
    (signals.invitation_sent, on_invitation_sent),
    (signals.member_joined, on_member_joined),
    (signals.member_left, on_member_left),
    (signals.role_changed, on_role_changed),
    (signals.subscription_changed, on_subscription_changed),
    (signals.payment_failed, on_payment_failed),
    (signals.new_sign_in, on_new_sign_in),
)


def connect() -> None:
    for kind in KINDS:
        register(kind)
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"quickscale_notifications.{receiver.__name__}")


def disconnect() -> None:
    for signal, receiver in RECEIVERS:
        signal.disconnect(dispatch_uid=f"quickscale_notifications.{receiver.__name__}")
