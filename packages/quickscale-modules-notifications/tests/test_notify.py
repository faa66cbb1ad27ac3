"""notify(): recipients, channels by preference, idempotent delivery, email with unsubscribe headers, digest."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from quickscale_modules.notifications import services
from quickscale_modules.notifications.factories import NotificationFactory, UserFactory
from quickscale_modules.notifications.kinds import Kind, UnknownKindError, get_kind, register
from quickscale_modules.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def test_notify_stores_in_app_and_emails_with_unsubscribe_headers(alice: Any, report_kind: Kind, commit: Any) -> None:
    with commit():
        event = services.notify(kind="reports.ready", recipients=[alice], context={"name": "Q3 & Q4"}, url="/r/1/")

    row = Notification.objects.get(event=event)
    assert (row.recipient, row.title, row.url, row.in_app) == (alice, "Report Q3 & Q4 is ready", "/r/1/", True)
    assert "Your report Q3 & Q4 for alice@example.com is ready." in row.body
    assert row.emailed_at is not None
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Report Q3 & Q4 is ready"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://app.acme.test/notifications/unsubscribe/")
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert "https://app.acme.test/r/1/" in message.body
    assert "<strong>Q3 &amp; Q4</strong>" in message.alternatives[0][0]


def test_nothing_is_delivered_when_the_transaction_rolls_back(alice: Any, report_kind: Kind, commit: Any) -> None:
    def rolled_back() -> None:
        with transaction.atomic():
            services.notify(kind="reports.ready", recipients=[alice], context={"name": "x"})
            raise RuntimeError("rolled back")

    with commit(), pytest.raises(RuntimeError):
        rolled_back()
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_delivery_is_idempotent_per_recipient(alice: Any, report_kind: Kind) -> None:
    args = ("00000000-0000-0000-0000-000000000001", alice.pk, "reports.ready", {"name": "x"}, None, "")
    assert services.deliver.call(*args) == "emailed"
    assert services.deliver.call(*args) == "stored"
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_preferences_choose_the_channels(alice: Any, bob: Any, report_kind: Kind, commit: Any) -> None:
    services.set_preference(user=alice, kind="reports.ready", in_app=False, email="immediate")
    services.set_preference(user=bob, kind="reports.ready", in_app=True, email="off")
    with commit():
        services.notify(kind="reports.ready", recipients=[alice, bob], context={"name": "x"})
    assert Notification.objects.get(recipient=alice).in_app is False
    assert Notification.objects.get(recipient=bob).emailed_at is None
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_both_channels_off_stores_nothing(alice: Any, report_kind: Kind) -> None:
    services.set_preference(user=alice, kind="reports.ready", in_app=False, email="off")
    args = ("00000000-0000-0000-0000-000000000002", alice.pk, "reports.ready", {"name": "x"}, None, "")
    assert services.deliver.call(*args) == "muted"
    assert not Notification.objects.exists()


def test_inactive_deleted_and_addressless_users(alice: Any, report_kind: Kind, commit: Any) -> None:
    silent = UserFactory(email="silent@example.com")
    silent.email = ""
    silent.save()
    inactive = UserFactory(email="gone@example.com", is_active=False)
    with commit():
        services.notify(kind="reports.ready", recipients=[silent, inactive, alice], exclude=[alice], context={})
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [""]
    assert not mail.outbox
    args = ("00000000-0000-0000-0000-000000000003", 999999, "reports.ready", {}, None, "")
    assert services.deliver.call(*args) == "gone"


def test_target_gives_the_link_and_is_stored(alice: Any, bob: Any, report_kind: Kind, commit: Any) -> None:
    with commit():
        services.notify(kind="reports.ready", recipients=[alice], target=bob, context={"name": "x"})
    row = Notification.objects.get()
    assert row.target == bob
    assert row.url == ""
    assert services._target([row.target_type_id, "424242"]) is None
    assert services._target([987654, "1"]) is None
    assert services.absolute_url("https://x.test/a") == "https://x.test/a"
    assert services.absolute_url("a/b") == "https://app.acme.test/a/b"


def test_unknown_kind_fails_in_the_caller(alice: Any) -> None:
    with pytest.raises(UnknownKindError, match="register it"):
        services.notify(kind="nope", recipients=[alice])
    with pytest.raises(ValueError, match="email must be one of"):
        register(Kind("bad", "Bad", email="sometimes"))
    with pytest.raises(ValueError, match="email must be one of"):
        services.set_preference(user=alice, kind="quickscale.demo", in_app=True, email="sometimes")


def test_team_recipients_need_a_memberships_relation(alice: Any) -> None:
    with pytest.raises(TypeError, match="memberships"):
        services.notify(kind="quickscale.demo", team=alice)
    assert services.notify(kind="quickscale.demo") != ""


def test_digest_batches_what_the_user_chose(alice: Any, bob: Any, report_kind: Kind, commit: Any) -> None:
    services.set_preference(user=alice, kind="reports.ready", in_app=True, email="digest")
    with commit():
        for name in ("one", "two"):
            services.notify(kind="reports.ready", recipients=[alice, bob], context={"name": name}, url="/r/")
    assert [m.to for m in mail.outbox] == [["bob@example.com"], ["bob@example.com"]]
    mail.outbox.clear()
    with commit():
        call_command("notifications_digest", stdout=None)
    [digest] = mail.outbox
    assert digest.to == ["alice@example.com"]
    assert "2 new notifications" in digest.subject
    assert "Report one is ready" in digest.body
    assert "Report two is ready" in digest.body
    assert "https://app.acme.test/r/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(digest_pending=True).exists()
    assert services.send_digest.call(alice.pk) == 0  # run again: nothing twice
    assert len(mail.outbox) == 1


def test_digest_of_a_user_without_address_is_cleared(alice: Any) -> None:
    NotificationFactory(recipient=alice, digest_pending=True)
    alice.email = ""
    alice.save()
    assert services.send_digest.call(alice.pk) == 1
    assert not mail.outbox
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_prune_deletes_old_notifications(alice: Any, settings: Any) -> None:
    old = NotificationFactory(recipient=alice)
    Notification.objects.filter(pk=old.pk).update(created=timezone.now() - timezone.timedelta(days=91))
    fresh = NotificationFactory(recipient=alice)
    call_command("notifications_prune", stdout=None)
    assert list(Notification.objects.all()) == [fresh]
    Notification.objects.filter(pk=fresh.pk).update(created=timezone.now() - timezone.timedelta(days=3))
    call_command("notifications_prune", "--days", "2", stdout=None)
    assert not Notification.objects.exists()


def test_export_and_deletion_through_core_signals(alice: Any, bob: Any) -> None:
    from quickscale_core.signals import user_data_export, user_deleting

    NotificationFactory(recipient=alice, title="Mine", read_at=timezone.now())
    NotificationFactory(recipient=bob, title="Bob's")
    services.set_preference(user=alice, kind="quickscale.demo", in_app=False, email="off")
    sections = dict(result for _receiver, result in user_data_export.send(sender=None, user=alice))
    exported = sections["notifications"]
    assert [row["title"] for row in exported["notifications"]] == ["Mine"]
    assert exported["notifications"][0]["read"] is not None
    assert exported["preferences"] == [{"kind": "quickscale.demo", "in_app": False, "email": "off"}]
    user_deleting.send(sender=None, user=alice)
    assert list(Notification.objects.values_list("title", flat=True)) == ["Bob's"]
    assert not Preference.objects.exists()


def test_demo_seed_fills_the_inbox_once(alice: Any) -> None:
    from django.apps import apps

    context: dict[str, Any] = {"user": alice, "summary": []}
    config = apps.get_app_config("quickscale_notifications")
    config.seed_demo(context)  # type: ignore[attr-defined]
    config.seed_demo(context)  # type: ignore[attr-defined]
    config.seed_demo({"summary": context["summary"]})  # type: ignore[attr-defined]
    assert Notification.objects.filter(recipient=alice).count() == 3
    assert "3 in the inbox" in context["summary"][0]
    assert "no demo user" in context["summary"][2]
    assert get_kind("quickscale.demo").email == "off"
