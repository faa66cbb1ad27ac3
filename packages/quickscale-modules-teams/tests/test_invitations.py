"""Done when: accept by the right email works once; other uses are refused and change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError
from django.utils import timezone

from quickscale_core.testing import email_links, last_email_to, run_db_worker
from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import TeamError
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team, hash_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _invite(team: Team, owner: Any, commit: Any, email: str = "new@example.com", role: str = "member") -> str:
    """Invite and return the token from the emailed link."""
    with commit():
        services.invite(team=team, invited_by=owner, email=email, role=role)
    link = next(link for link in email_links(last_email_to(email)) if "/teams/invitations/" in link)
    return link.rstrip("/").rsplit("/", 1)[-1]


def _state(team: Team) -> list[Any]:
    return [
        sorted(Membership.objects.filter(team=team).values_list("user_id", "role")),
        sorted(Invitation.objects.filter(team=team).values_list("pk", "status", "accepted_by_id", "token_hash")),
    ]


def test_invitation_email_is_sent_once_with_text_and_html(team: Team, owner: Any, commit: Any, outbox: Any) -> None:
    token = _invite(team, owner, commit)
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["new@example.com"]
    assert "Acme" in message.subject
    assert message.alternatives[0][1] == "text/html"
    assert token in message.alternatives[0][0]
    assert message.body.count("https://teams.acme.test/teams/invitations/") == 1


def test_token_is_stored_only_as_a_hash(team: Team, owner: Any, commit: Any) -> None:
    token = _invite(team, owner, commit)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in str(list(Invitation.objects.values_list()))


def test_no_email_before_commit(team: Team, owner: Any, outbox: Any) -> None:
    services.invite(team=team, invited_by=owner, email="new@example.com")
    assert outbox == []


def test_right_user_accepts_once(team: Team, owner: Any, commit: Any) -> None:
    token = _invite(team, owner, commit, role="admin")
    invitee = make_user("New@Example.com")
    membership = services.accept_invitation(token=token, user=invitee)
    assert membership.team == team
    assert membership.role == "admin"
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == invitee
    before = _state(team)
    with pytest.raises(TeamError, match="already been used"):
        services.accept_invitation(token=token, user=invitee)
    assert _state(team) == before


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_user", "another email address"),
        ("unverified", "Verify your email address new@example.com first"),
        ("revoked", "withdrawn"),
        ("expired", "expired"),
        ("forged", "not valid"),
        ("empty", "not valid"),
        ("replaced_by_resend", "not valid"),
    ],
)
def test_refusals_change_nothing(team: Team, owner: Any, commit: Any, case: str, message: str) -> None:
    token = _invite(team, owner, commit)
    user = make_user("new@example.com", verified=case != "unverified") if case != "other_user" else None
    user = user or make_user("other@example.com")
    invitation = Invitation.objects.get()
    if case == "revoked":
        services.revoke_invitation(invitation=invitation, by=owner)
    elif case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(seconds=1))
    elif case == "forged":
        token = token[:-4] + "AAAA"
    elif case == "empty":
        token = ""
    elif case == "replaced_by_resend":
        with commit():
            services.resend_invitation(invitation=invitation, by=owner)
    before = _state(team)
    with pytest.raises(TeamError, match=message):
        services.accept_invitation(token=token, user=user)
    assert _state(team) == before
    assert not Membership.objects.filter(team=team, user=user).exists()


def test_reinviting_a_pending_email_does_not_duplicate(team: Team, owner: Any, commit: Any, outbox: Any) -> None:
    first = _invite(team, owner, commit)
    second = _invite(team, owner, commit, email="NEW@example.com", role="admin")
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().role == "admin"
    assert first != second
    assert len(outbox) == 2


def test_an_invitation_committed_after_the_look_up_is_updated_not_duplicated(
    team: Team, owner: Any, commit: Any, outbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sequential form of two admins inviting at once (the threaded run is test_concurrent_invitations)."""
    first = _invite(team, owner, commit)
    look_ups = iter([None])
    real_look_up = services._pending_invitation
    monkeypatch.setattr(services, "_pending_invitation", lambda *args: next(look_ups, None) or real_look_up(*args))

    second = _invite(team, owner, commit, role="admin")

    assert Invitation.objects.get().role == "admin"
    assert first != second
    assert len(outbox) == 2


def test_an_integrity_error_of_another_cause_is_not_hidden(
    team: Team, owner: Any, commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _invite(team, owner, commit, email="first@example.com")
    taken = Invitation.objects.get().token_hash
    real_new_token = services._new_token

    def colliding_token(invitation: Invitation) -> str:
        token = real_new_token(invitation)
        invitation.token_hash = taken
        return token

    monkeypatch.setattr(services, "_new_token", colliding_token)

    with pytest.raises(IntegrityError):
        services.invite(team=team, invited_by=owner, email="second@example.com")


def test_resend_rotates_token_and_extends_expiry(team: Team, owner: Any, commit: Any, outbox: Any) -> None:
    _invite(team, owner, commit)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(days=1))
    with commit():
        services.resend_invitation(invitation=invitation, by=owner)
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert len(outbox) == 2
    token = email_links(outbox[1])[0].rstrip("/").rsplit("/", 1)[-1]
    assert services.accept_invitation(token=token, user=make_user("new@example.com")).team == team


def test_cannot_resend_or_revoke_a_finished_invitation(team: Team, owner: Any, commit: Any) -> None:
    _invite(team, owner, commit)
    invitation = Invitation.objects.get()
    services.revoke_invitation(invitation=invitation, by=owner)
    with pytest.raises(TeamError, match="already revoked"):
        services.resend_invitation(invitation=invitation, by=owner)
    with pytest.raises(TeamError, match="already revoked"):
        services.revoke_invitation(invitation=invitation, by=owner)


def test_inviting_a_member_or_a_bad_address_is_refused(team: Team, owner: Any) -> None:
    with pytest.raises(TeamError, match="already a member"):
        services.invite(team=team, invited_by=owner, email="OWNER@example.com")
    with pytest.raises(TeamError, match="email address"):
        services.invite(team=team, invited_by=owner, email="not-an-address")
    with pytest.raises(TeamError, match="not a role"):
        services.invite(team=team, invited_by=owner, email="x@example.com", role="emperor")
    assert not Invitation.objects.exists()


def test_accepting_when_already_a_member_keeps_the_role(team: Team, owner: Any, commit: Any) -> None:
    token = _invite(team, owner, commit, email="late@example.com", role="admin")
    user = make_user("late@example.com")
    Membership.objects.create(team=team, user=user, role="member")
    assert services.accept_invitation(token=token, user=user).role == "member"
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED


def test_without_allauth_the_user_email_decides(
    team: Team, owner: Any, commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quickscale_modules.teams import selectors

    monkeypatch.setattr(selectors, "allauth_installed", lambda: False)
    token = _invite(team, owner, commit)
    other = make_user("other@example.com")
    with pytest.raises(TeamError):
        services.accept_invitation(token=token, user=other)
    assert selectors.user_has_verified_email(other, "") is False
    invitee = make_user("new@example.com", verified=False)
    assert services.accept_invitation(token=token, user=invitee).team == team


def test_invitation_is_delivered_by_a_worker(team: Team, owner: Any, commit: Any, outbox: Any, settings: Any) -> None:

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with commit():
        services.invite(team=team, invited_by=owner, email="queued@example.com")
    assert outbox == []  # the request rendered and enqueued it

    run_db_worker()

    assert [message.to for message in outbox] == [["queued@example.com"]]
    assert any("/teams/invitations/" in link for link in email_links(outbox[0]))


def test_expire_command_deletes_long_expired_pending_invitations(team: Team, owner: Any, commit: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    _invite(team, owner, commit, email="old@example.com")
    _invite(team, owner, commit, email="recent@example.com")
    _invite(team, owner, commit, email="taken@example.com")
    now = timezone.now()
    Invitation.objects.filter(email="old@example.com").update(expires=now - timedelta(days=31))
    Invitation.objects.filter(email="recent@example.com").update(expires=now - timedelta(days=2))
    Invitation.objects.filter(email="taken@example.com").update(
        expires=now - timedelta(days=40), status=InvitationStatus.ACCEPTED
    )
    out = StringIO()

    call_command("teams_expire_invitations", stdout=out)

    assert "Deleted 1 expired invitations." in out.getvalue()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["recent@example.com", "taken@example.com"]
