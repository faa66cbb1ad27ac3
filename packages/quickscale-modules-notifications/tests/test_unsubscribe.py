"""One-click unsubscribe: forged, replayed, other-user, other-kind and expired tokens are refused;
a valid one turns that kind's email off in one request and changes nothing else."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from quickscale_modules.notifications import services, tokens
from quickscale_modules.notifications.kinds import Kind
from quickscale_modules.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    prefs = Preference.objects.order_by("user_id", "kind").values_list("user_id", "kind", "in_app", "email")
    rows = Notification.objects.order_by("pk").values_list("pk", "read_at", "in_app")
    return [*prefs, *rows]


def email_link(user: Any, kind: Kind, commit: Any) -> str:
    mail.outbox.clear()
    with commit():
        services.notify(kind=kind.key, recipients=[user], context={"name": "x"})
    return str(mail.outbox[-1].extra_headers["List-Unsubscribe"]).strip("<>").replace("https://app.acme.test", "")


def one_click(client: Client, link: str) -> Any:
    return client.post(link, {"List-Unsubscribe": "One-Click"})


def test_valid_token_turns_the_kind_off_in_one_request(alice: Any, bob: Any, report_kind: Kind, commit: Any) -> None:
    services.set_preference(user=alice, kind="quickscale.demo", in_app=True, email="digest")
    link = email_link(alice, report_kind, commit)
    email_link(bob, report_kind, commit)
    before = snapshot()

    response = one_click(Client(enforce_csrf_checks=True), link)

    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    changed = Preference.objects.get(user=alice, kind="reports.ready")
    assert (changed.in_app, changed.email, changed.version) == (True, "off", 1)
    after = snapshot()
    assert [row for row in after if row not in before] == [(alice.pk, "reports.ready", True, "off")]
    assert len(after) == len(before) + 1  # the one new preference row, nothing else
    mail.outbox.clear()
    with commit():
        services.notify(kind="reports.ready", recipients=[alice, bob], context={"name": "y"})
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]


def test_get_shows_a_button_and_changes_nothing(alice: Any, report_kind: Kind, commit: Any, client: Client) -> None:
    link = email_link(alice, report_kind, commit)
    response = client.get(link)
    assert response.status_code == 200
    assert b"Stop emails for" in response.content
    assert not Preference.objects.exists()


def test_replayed_token_is_refused(alice: Any, report_kind: Kind, commit: Any, client: Client) -> None:
    link = email_link(alice, report_kind, commit)
    assert one_click(client, link).status_code == 200
    services.set_preference(user=alice, kind="reports.ready", in_app=True, email="immediate")  # turned back on
    replay = one_click(client, link)
    assert replay.status_code == 400
    assert b"already used" in replay.content
    assert client.get(link).status_code == 400  # the confirmation page says so too
    assert Preference.objects.get(user=alice, kind="reports.ready").email == "immediate"


def test_forged_and_malformed_tokens_are_refused(alice: Any, report_kind: Kind, client: Client) -> None:
    forged = signing.dumps([alice.pk, "reports.ready", 0], salt=tokens.SALT, key="not-the-secret-key")
    other_salt = signing.dumps([alice.pk, "reports.ready", 0], salt="another.use")
    bad_shape = signing.dumps(["1", "reports.ready", 0], salt=tokens.SALT)
    not_a_list = signing.dumps({"u": alice.pk}, salt=tokens.SALT)
    for token in (forged, other_salt, bad_shape, not_a_list, "garbage"):
        response = one_click(client, reverse("quickscale_notifications:unsubscribe", kwargs={"token": token}))
        assert response.status_code == 400, token
        assert client.get(reverse("quickscale_notifications:unsubscribe", kwargs={"token": token})).status_code == 400
    assert not Preference.objects.exists()


def test_token_of_another_user_or_kind_cannot_be_rewritten(
    alice: Any, bob: Any, report_kind: Kind, commit: Any
) -> None:
    token = email_link(alice, report_kind, commit).rstrip("/").rsplit("/", 1)[1]
    _payload, _, signature = token.rpartition(":")
    for user_id, kind in ((bob.pk, "reports.ready"), (alice.pk, "quickscale.demo")):
        other = signing.dumps([user_id, kind, 0], salt=tokens.SALT, compress=True)
        tampered = other.rpartition(":")[0] + ":" + signature
        with pytest.raises(tokens.InvalidTokenError):
            services.unsubscribe(tampered)
    assert not Preference.objects.exists()


def test_unknown_user_kind_and_expired_tokens(alice: Any, settings: Any) -> None:
    with pytest.raises(tokens.InvalidTokenError, match="no such user"):
        services.unsubscribe(tokens.make_token(987654, "quickscale.demo", 0))
    with pytest.raises(tokens.InvalidTokenError, match="unknown kind"):
        services.unsubscribe(tokens.make_token(alice.pk, "gone.kind", 0))
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 61 * 86400):
        expired = tokens.make_token(alice.pk, "quickscale.demo", 0)
    with pytest.raises(tokens.InvalidTokenError, match="age"):
        services.unsubscribe(expired)
    settings.QUICKSCALE_NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS = 90
    assert services.unsubscribe(expired) == ["quickscale.demo"]


def test_digest_link_turns_off_every_digest_kind(alice: Any, report_kind: Kind, commit: Any, client: Client) -> None:
    services.set_preference(user=alice, kind="reports.ready", in_app=True, email="digest")
    services.set_preference(user=alice, kind="quickscale.demo", in_app=True, email="immediate")
    with commit():
        services.notify(kind="reports.ready", recipients=[alice], context={"name": "x"})
    with commit():
        services.send_digests()
    link = str(mail.outbox[-1].extra_headers["List-Unsubscribe"]).strip("<>").replace("https://app.acme.test", "")
    assert b"Daily digest" in client.get(link).content
    assert one_click(client, link).status_code == 200
    assert Preference.objects.get(user=alice, kind="reports.ready").email == "off"
    assert Preference.objects.get(user=alice, kind="quickscale.demo").email == "immediate"
    assert one_click(client, link).status_code == 400
