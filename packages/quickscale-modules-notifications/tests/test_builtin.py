"""Core's signals become notifications (what teams, billing and auth send), without importing those modules."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from quickscale_core import signals
from quickscale_modules.notifications import builtin
from quickscale_modules.notifications.factories import UserFactory
from quickscale_modules.notifications.models import Notification

pytestmark = pytest.mark.django_db


class FakeMemberships:
    """The ``memberships`` relation of a team: rows with ``user_id`` and ``role``."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.rows = rows

    def all(self) -> FakeMemberships:
        return self

    def filter(self, role__in: list[str]) -> FakeMemberships:
        return FakeMemberships([row for row in self.rows if row[1] in role__in])

    def values_list(self, field: str, flat: bool) -> list[int]:
        return [user_id for user_id, _role in self.rows]


class FakeTeam:
    def __init__(self, name: str, rows: list[tuple[int, str]]) -> None:
        self.name, self.memberships = name, FakeMemberships(rows)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return "/teams/acme/"


def titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_team_events(alice: Any, bob: Any, commit: Any) -> None:
    carol = UserFactory(email="carol@example.com")
    team = FakeTeam("Acme", [(alice.pk, "owner"), (bob.pk, "member"), (carol.pk, "admin")])
    with commit():
        signals.send_on_commit(signals.member_joined, sender=None, team=team, user=bob, role="member")
        signals.send_on_commit(signals.member_left, sender=None, team=team, user=bob, by=carol)
        signals.send_on_commit(signals.member_left, sender=None, team=team, user=bob)
        signals.send_on_commit(signals.role_changed, sender=None, team=team, user=bob, role="admin", by=alice)
        signals.send_on_commit(signals.role_changed, sender=None, team=team, user=alice, role="owner", by=alice)
    assert titles(alice) == ["bob@example.com joined Acme", "bob@example.com left Acme", "bob@example.com left Acme"]
    assert titles(carol) == ["bob@example.com joined Acme", "bob@example.com left Acme"]
    assert titles(bob) == ["Your role in Acme changed"]
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]  # joined/left go to the digest by default
    assert Notification.objects.filter(kind="teams.member_joined").first().url == "/teams/acme/"  # type: ignore[union-attr]


def test_invitation_reaches_an_existing_account_only(alice: Any, commit: Any) -> None:
    invitation = SimpleNamespace(
        team=FakeTeam("Acme", []), email="ALICE@example.com", role="member", role_label="Member", invited_by=None
    )
    stranger = SimpleNamespace(**{**vars(invitation), "email": "new@example.com"})
    with commit():
        signals.send_on_commit(signals.invitation_sent, sender=None, invitation=invitation, url="https://x.test/i/1")
        signals.send_on_commit(signals.invitation_sent, sender=None, invitation=stranger, url="https://x.test/i/2")
    [row] = Notification.objects.all()
    assert (row.recipient, row.title, row.url) == (alice, "You are invited to join Acme", "https://x.test/i/1")
    assert row.body == "You are invited to join Acme as Member."
    assert not mail.outbox  # the teams module emails the invitation itself


def test_billing_and_sign_in_events(alice: Any, bob: Any, commit: Any) -> None:
    team = FakeTeam("Acme", [(alice.pk, "owner"), (bob.pk, "member")])
    with commit():
        signals.send_on_commit(signals.subscription_changed, sender=None, owner=bob, status="active", plan="Pro")
        signals.send_on_commit(signals.payment_failed, sender=None, owner=team, url="/billing/")
        signals.send_on_commit(signals.new_sign_in, sender=None, user=alice, ip="10.0.0.1", user_agent="Firefox")
    assert titles(bob) == ["Subscription of bob@example.com: active"]
    assert titles(alice) == ["A payment of Acme failed", "New sign-in to your account"]
    assert "(Firefox, 10.0.0.1)" in Notification.objects.get(kind="auth.new_sign_in").body
    assert len(mail.outbox) == 3


def test_a_failing_receiver_never_reaches_the_sender(alice: Any, commit: Any, caplog: Any) -> None:
    with commit():
        signals.send_on_commit(signals.member_joined, sender=None, team=alice, user=alice, role="member")
    assert "memberships" in caplog.text
    assert not Notification.objects.exists()


def test_builtin_kinds_can_be_disconnected(alice: Any, commit: Any) -> None:
    builtin.disconnect()
    try:
        with commit():
            signals.send_on_commit(signals.new_sign_in, sender=None, user=alice)
        assert not Notification.objects.exists()
    finally:
        builtin.connect()
