"""Writes: the one way each team action is done. Views, the API, admin and signals call these.

Every function runs in a transaction, checks the acting user's role, raises
:class:`~quickscale_modules.teams.exceptions.TeamError` with a one-line message
when it refuses (changing nothing), and sends email and the
``team_members_changed`` signal only after the transaction commits.
"""

from __future__ import annotations

import copy
import secrets
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quickscale_core.signals import (
    invitation_sent,
    member_joined,
    member_left,
    role_changed,
    send_on_commit,
    team_members_changed,
)
from quickscale_modules.teams import roles, selectors
from quickscale_modules.teams.adapter import get_adapter
from quickscale_modules.teams.app_settings import OWNER_ROLE, app_settings
from quickscale_modules.teams.exceptions import TeamError, TeamPermissionError
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team, hash_token
from quickscale_modules.teams.slugs import reserved_slugs

MAX_NAME_LENGTH = Team._meta.get_field("name").max_length or 100


# -- helpers -------------------------------------------------------------------------------------


def _notify_members_changed(team: Team) -> None:
    """Send ``team_members_changed`` with the seat count once the transaction commits."""
    snapshot = copy.copy(team)

    def send() -> None:
        seats = Membership.objects.filter(team_id=snapshot.pk).count()
        team_members_changed.send(sender=Team, team=snapshot, seats=seats)

    # robust: a failing receiver is logged; it does not turn the committed change into an error page.
    transaction.on_commit(send, robust=True)


def _actor(team: Team, user: Any, permission: str, refusal: str) -> Membership:
    """The acting user's membership (locked), refusing when it lacks ``permission``."""
    membership = Membership.objects.select_for_update().filter(team=team, user=user).first()
    if membership is None:
        raise TeamPermissionError(_("You are not a member of %(team)s.") % {"team": team.name})
    if not roles.role_grants(membership.role, permission):
        raise TeamPermissionError(refusal)
    return membership


def _check_role(role: str) -> None:
    if role not in app_settings.ROLES:
        names = ", ".join(roles.role_names())
        raise TeamError(
            _("“%(role)s” is not a role of this site: choose one of %(names)s.") % {"role": role, "names": names},
            code="unknown_role",
        )


def _check_can_grant(actor: Membership, role: str) -> None:
    if not roles.outranks_or_equals(actor.role, role):
        raise TeamPermissionError(
            _("You cannot give the role %(role)s, which is above your own (%(own)s).")
            % {"role": roles.role_label(role), "own": actor.role_label}
        )


def _check_can_manage(actor: Membership, target: Membership) -> None:
    if not roles.outranks_or_equals(actor.role, target.role):
        raise TeamPermissionError(
            _("You cannot change a member whose role (%(role)s) is above yours.") % {"role": target.role_label}
        )


#: What the last owner of a team is told, per action (whole sentences, for translators).
LAST_OWNER_MESSAGES = {
    "change_role": gettext_lazy(
        "%(team)s needs at least one owner: make another member owner before you change this role."
    ),
    "leave": gettext_lazy("%(team)s needs at least one owner: make another member owner before you leave."),
    "remove": gettext_lazy(
        "%(team)s needs at least one owner: make another member owner before you remove this owner."
    ),
    "leave_team": gettext_lazy(
        "%(team)s needs at least one owner: make another member owner before you leave (or delete the team)."
    ),
    "delete_account": gettext_lazy(
        "%(team)s needs at least one owner: make another member owner before you delete your account."
    ),
}


def _check_keeps_an_owner(team: Team, target: Membership, *, action: str) -> None:
    if target.role == OWNER_ROLE and Membership.objects.filter(team=team, role=OWNER_ROLE).count() <= 1:
        raise TeamError(str(LAST_OWNER_MESSAGES[action]) % {"team": team.name}, code="last_owner")


#: How many slugs a new team tries before giving up (each retry adds a random suffix).
SLUG_ATTEMPTS = 20


def _unique_slug(name: str) -> str:
    """A free slug for ``name``: the adapter's, else the adapter's with a random suffix."""
    adapter = get_adapter()
    base = adapter.slugify_team_name(name)
    slug = base
    reserved = reserved_slugs()
    for _attempt in range(SLUG_ATTEMPTS):
        if slug not in reserved and adapter.is_slug_allowed(slug) and not Team.objects.filter(slug=slug).exists():
            return slug
        slug = f"{base}-{secrets.token_hex(3)}"
    raise TeamError("No web address is free for this team name: choose another name.", code="slug_unavailable")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise TeamError(_("Give the team a name."), code="name_required")
    if len(name) > MAX_NAME_LENGTH:
        raise TeamError(
            _("A team name has at most %(count)d characters.") % {"count": MAX_NAME_LENGTH}, code="name_too_long"
        )
    return name


def accept_url(token: str, request: HttpRequest | None = None) -> str:
    """The absolute link of the accept page for ``token`` (the adapter's ``invitation_url``)."""
    return get_adapter().invitation_url(token, request)


def _send_invitation_email(invitation: Invitation, token: str, request: HttpRequest | None) -> None:
    adapter = get_adapter()
    link = adapter.invitation_url(token, request)
    # Rendered here, delivered by a task after the commit (the adapter's send_invitation_email).
    adapter.send_invitation_email(invitation, link, request)


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires = timezone.now() + timedelta(days=app_settings.INVITATION_EXPIRY_DAYS)
    return token


# -- teams ---------------------------------------------------------------------------------------


@transaction.atomic
def create_team(*, owner: Any, name: str, personal: bool = False) -> Team:
    """A new team with ``owner`` as its owner."""
    team = Team.objects.create(name=_clean_name(name), slug=_unique_slug(name), personal=personal)
    Membership.objects.create(team=team, user=owner, role=OWNER_ROLE)
    _notify_members_changed(team)
    return team


@transaction.atomic
def rename_team(*, team: Team, by: Any, name: str) -> Team:
    _actor(team, by, "change_team", _("Only an owner or admin can change the team's settings."))
    team.name = _clean_name(name)
    team.save(update_fields=["name"])
    return team


@transaction.atomic
def delete_team(*, team: Team, by: Any) -> None:
    """Delete the team with its memberships, invitations and team-owned data."""
    _actor(team, by, "delete_team", _("Only an owner can delete the team."))
    _notify_members_changed(team)
    team.delete()


def delete_team_by_staff(*, team: Team) -> None:
    """For staff tools (the admin): delete with no role check, still telling listeners (billing) after commit."""
    with transaction.atomic():
        _notify_members_changed(team)
        team.delete()


def seed_demo_team(*, owner: Any, name: str = "Demo Team") -> Team:
    """The demo team owned by ``owner``; returns the existing one when run again."""
    existing = Membership.objects.select_related("team").filter(user=owner, team__name=name, role=OWNER_ROLE).first()
    if existing is not None:
        return existing.team
    return create_team(owner=owner, name=name)


# -- members -------------------------------------------------------------------------------------


@transaction.atomic
def change_role(*, membership: Membership, by: Any, role: str) -> Membership:
    team = membership.team
    actor = _actor(team, by, "manage_members", _("Only an owner or admin can change roles."))
    target = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_role(role)
    _check_can_manage(actor, target)
    _check_can_grant(actor, role)
    if role != OWNER_ROLE:
        _check_keeps_an_owner(team, target, action="change_role")
    if target.role != role:
        target.role = role
        target.save(update_fields=["role"])
        _notify_members_changed(team)
        send_on_commit(role_changed, sender=Membership, team=team, user=target.user, role=role, by=by)
    return target


@transaction.atomic
def remove_member(*, membership: Membership, by: Any) -> None:
    team = membership.team
    target = Membership.objects.select_for_update().get(pk=membership.pk)
    if target.user_id == getattr(by, "pk", None):
        _check_keeps_an_owner(team, target, action="leave")
    else:
        actor = _actor(team, by, "manage_members", _("Only an owner or admin can remove members."))
        _check_can_manage(actor, target)
        _check_keeps_an_owner(team, target, action="remove")
    target.delete()
    _notify_members_changed(team)
    send_on_commit(member_left, sender=Membership, team=team, user=target.user, by=by)


@transaction.atomic
def leave_team(*, team: Team, user: Any) -> None:
    membership = Membership.objects.select_for_update().filter(team=team, user=user).first()
    if membership is None:
        raise TeamError(_("You are not a member of %(team)s.") % {"team": team.name}, code="not_member")
    _check_keeps_an_owner(team, membership, action="leave_team")
    membership.delete()
    _notify_members_changed(team)
    send_on_commit(member_left, sender=Membership, team=team, user=user, by=user)


@transaction.atomic
def transfer_ownership(*, team: Team, by: Any, to: Membership) -> Membership:
    """Make ``to`` an owner; the acting owner steps down to the next role."""
    actor = _actor(team, by, "transfer_ownership", _("Only an owner can transfer ownership."))
    target = Membership.objects.select_for_update().filter(pk=to.pk, team=team).first()
    if target is None:
        raise TeamError(_("Choose a member of this team to become owner."), code="not_member")
    if target.pk == actor.pk:
        raise TeamError(_("You are already an owner: choose another member."), code="same_member")
    target.role = OWNER_ROLE
    target.save(update_fields=["role"])
    actor.role = roles.demoted_owner_role()
    actor.save(update_fields=["role"])
    _notify_members_changed(team)
    return target


# -- invitations ---------------------------------------------------------------------------------


@transaction.atomic
def invite(
    *, team: Team, invited_by: Any, email: str, role: str | None = None, request: HttpRequest | None = None
) -> Invitation:
    """Invite ``email``; the accept link is emailed after commit.

    Inviting an address with a pending invitation updates and re-sends that
    invitation (with a new link) instead of creating a second one, also when
    two invitations of the address are sent at the same moment.
    """
    actor = _actor(team, invited_by, "manage_invitations", _("Only an owner or admin can invite people."))
    role = role or app_settings.DEFAULT_ROLE
    _check_role(role)
    _check_can_grant(actor, role)
    email = (email or "").strip()
    if "@" not in email:
        raise TeamError(_("Enter the email address of the person to invite."), code="email_required")
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise TeamError(
            _("%(email)s is already a member of %(team)s.") % {"email": email, "team": team.name}, code="already_member"
        )
    invitation = _pending_invitation(team, email)
    if invitation is None:
        try:
            # A savepoint: when the insert is refused, the rest of the transaction stays usable.
            with transaction.atomic():
                return _save_and_send(Invitation(team=team, email=email), role, invited_by, request)
        except IntegrityError:
            # Another invitation of this address (another admin, at the same moment) was committed after
            # our look-up: the one-pending-invitation constraint refused ours. Answer as to a sequential
            # re-invite, by updating that invitation.
            invitation = _pending_invitation(team, email)
            if invitation is None:
                raise
    return _save_and_send(invitation, role, invited_by, request)


def _pending_invitation(team: Team, email: str) -> Invitation | None:
    return (
        Invitation.objects.select_for_update()
        .filter(team=team, email__iexact=email, status=InvitationStatus.PENDING)
        .first()
    )


def _save_and_send(invitation: Invitation, role: str, invited_by: Any, request: HttpRequest | None) -> Invitation:
    invitation.role = role
    invitation.invited_by = invited_by
    token = _new_token(invitation)
    invitation.save()
    _send_invitation_email(invitation, token, request)
    send_on_commit(invitation_sent, sender=Invitation, invitation=invitation, url=accept_url(token, request))
    return invitation


def _pending_for_action(invitation: Invitation, by: Any) -> Invitation:
    _actor(invitation.team, by, "manage_invitations", _("Only an owner or admin can manage invitations."))
    locked = Invitation.objects.select_for_update().select_related("team").get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING:
        raise TeamError(
            _("This invitation was already %(status)s.") % {"status": str(locked.get_status_display()).lower()},
            code="not_pending",
        )
    return locked


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: Any, request: HttpRequest | None = None) -> Invitation:
    """Email a new link (the old one stops working) and restart the expiry."""
    invitation = _pending_for_action(invitation, by)
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "expires"])
    _send_invitation_email(invitation, token, request)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: Any) -> Invitation:
    invitation = _pending_for_action(invitation, by)
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "revoked_at"])
    return invitation


INVALID_LINK_MESSAGE = gettext_lazy(
    "This invitation link is not valid: check the link in the email or ask the team for a new invitation."
)


def delete_expired_invitations(*, days: int = 30) -> int:
    """Delete pending invitations that expired more than ``days`` days ago; returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Invitation.objects.filter(status=InvitationStatus.PENDING, expires__lt=cutoff).delete()
    return deleted


@transaction.atomic
def accept_invitation(*, token: str, user: Any) -> Membership:
    """Join the invitation's team; refused (changing nothing) unless the link is valid and meant for ``user``."""
    invitation = (
        Invitation.objects.select_for_update().select_related("team").filter(token_hash=hash_token(token or "")).first()
    )
    if invitation is None:
        raise TeamError(str(INVALID_LINK_MESSAGE), code="invalid_token")
    if invitation.status == InvitationStatus.ACCEPTED:
        raise TeamError(
            _("This invitation has already been used: ask the team for a new one if you need it."), code="used"
        )
    if invitation.status == InvitationStatus.REVOKED:
        raise TeamError(_("This invitation was withdrawn by the team: ask them for a new one."), code="revoked")
    if invitation.is_expired:
        raise TeamError(_("This invitation has expired: ask the team to send it again."), code="expired")
    if not selectors.user_has_verified_email(user, invitation.email):
        if selectors.user_email(user).lower() == invitation.email.lower():
            raise TeamError(
                _(
                    "Verify your email address %(email)s first (see the email we sent you), "
                    "then open the invitation link again."
                )
                % {"email": invitation.email},
                code="unverified",
            )
        raise TeamError(
            _(
                "This invitation was sent to another email address: log in with the address it was sent to "
                "(verified), then open the link again."
            ),
            code="wrong_user",
        )
    membership, created = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "accepted_at"])
    if created:
        _notify_members_changed(invitation.team)
        send_on_commit(member_joined, sender=Membership, team=invitation.team, user=user, role=membership.role)
    return membership


# -- account lifecycle (called by receivers of core's signals) -------------------------------------


@transaction.atomic
def remove_user_from_teams(*, user: Any) -> None:
    """Before a user is deleted: delete the teams they are alone in, leave the others."""
    for membership in Membership.objects.select_for_update().filter(user=user).select_related("team"):
        team = membership.team
        if not Membership.objects.filter(team=team).exclude(pk=membership.pk).exists():
            _notify_members_changed(team)
            team.delete()
        else:
            _check_keeps_an_owner(team, membership, action="delete_account")
            membership.delete()
            _notify_members_changed(team)


def personal_team_name(user: Any) -> str:
    """The adapter's name for a new user's personal team, cut to the longest team name."""
    return get_adapter().personal_team_name(user)[:MAX_NAME_LENGTH]


def create_personal_team(*, user: Any) -> Team:
    existing = Membership.objects.select_related("team").filter(user=user, team__personal=True).first()
    if existing is not None:
        return existing.team
    return create_team(owner=user, name=personal_team_name(user), personal=True)
