"""With the teams module: an invitation, a join, a role change and a departure notify through core's signals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from quickscale_modules.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.teams]


def verified(user: Any) -> Any:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_team_lifecycle_reaches_the_inbox_and_the_bell(alice: Any, bob: Any, commit: Any, client: Client) -> None:
    from quickscale_modules.teams import services as teams

    verified(bob)
    with commit():
        team = teams.create_team(owner=alice, name="Acme")
    with commit():
        invitation = teams.invite(team=team, invited_by=alice, email="bob@example.com")
    row = Notification.objects.get(recipient=bob, kind="teams.invitation")
    assert row.title == "You are invited to join Acme"
    assert "/teams/invitations/" in row.url
    assert "alice@example.com invited you" in row.body
    assert any(message.to == ["bob@example.com"] for message in mail.outbox)  # the teams module's own email

    client.force_login(bob)
    assert 'data-count="1"' in client.get(reverse("quickscale_notifications:bell")).content.decode()
    token = row.url.rstrip("/").rsplit("/", 1)[1]
    with commit():
        membership = teams.accept_invitation(token=token, user=bob)
    assert Notification.objects.filter(recipient=alice, kind="teams.member_joined").count() == 1
    with commit():
        teams.change_role(membership=membership, by=alice, role="admin")
    assert Notification.objects.filter(recipient=bob, kind="teams.role_changed").count() == 1
    assert 'data-count="2"' in client.get(reverse("quickscale_notifications:bell")).content.decode()
    with commit():
        teams.leave_team(team=team, user=bob)
    assert Notification.objects.filter(recipient=alice, kind="teams.member_left").count() == 1
    assert invitation.pk


def test_an_unverified_account_gets_no_accept_link(alice: Any, bob: Any, commit: Any) -> None:
    from allauth.account.models import EmailAddress

    from quickscale_modules.teams import services as teams

    EmailAddress.objects.create(user=bob, email=bob.email, verified=False, primary=True)
    with commit():
        team = teams.create_team(owner=alice, name="Acme")
    with commit():
        teams.invite(team=team, invited_by=alice, email="bob@example.com")
    assert not Notification.objects.filter(recipient=bob).exists()
