from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from quickscale_core.signals import team_members_changed
from quickscale_core.testing import run_db_worker
from quickscale_modules.billing.models import PendingSeatSync
from quickscale_modules.billing.testing import FakeStripe, make_subscription
from tests.testapp.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_owner(tenant_owner: None) -> None:
    """Teams are a project's own tenant model here (tests/testapp/owners.py)."""


@pytest.fixture
def team(user: Any) -> Team:
    return Team.objects.create(name="Acme", owner=user, seats=2)


def subscribe(fake: FakeStripe, customer_for: Any, team: Team, price: dict[str, Any], status: str = "active") -> str:
    from djstripe.models import Subscription

    customer_id = customer_for(team)
    subscription = fake.add(
        make_subscription("sub_seats", customer_id, price, quantity=2, item_id="si_seats", status=status)
    )
    Subscription.sync_from_stripe_data(Subscription(id=subscription["id"]).api_retrieve())
    return customer_id


def quantities(fake: FakeStripe) -> list[str]:
    return [r.params["quantity"] for r in fake.requests_to("POST", "/v1/subscription_items/si_seats")]


def test_member_changes_update_the_quantity_at_stripe(
    team_owner: None,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(fake_stripe, customer_for, team, plans["team_month"])
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=3)
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=2)
    assert quantities(fake_stripe) == ["3", "2"]
    assert fake_stripe.objects["si_seats"]["quantity"] == 2
    assert not PendingSeatSync.objects.exists()


def test_failure_to_reach_stripe_is_retried_not_lost(
    team_owner: None,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(fake_stripe, customer_for, team, plans["team_month"])
    fake_stripe.failing.add("/v1/subscription_items")
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=5)
    pending = PendingSeatSync.objects.get()
    assert (pending.quantity, pending.attempts) == (5, 1)
    assert pending.last_error
    with pytest.raises(CommandError, match="could not reach Stripe"):
        call_command("billing_sync_seats")
    assert PendingSeatSync.objects.get().attempts == 2

    fake_stripe.failing.clear()
    call_command("billing_sync_seats")
    assert not PendingSeatSync.objects.exists()
    assert quantities(fake_stripe)[-1] == "5"
    assert fake_stripe.objects["si_seats"]["quantity"] == 5


def test_pending_sync_is_retried_on_next_change(
    team_owner: None,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(fake_stripe, customer_for, team, plans["team_month"])
    fake_stripe.failing.add("/v1/subscription_items")
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=4)
    fake_stripe.failing.clear()
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=6)
    assert quantities(fake_stripe)[-1] == "6"
    assert not PendingSeatSync.objects.exists()


def test_non_per_seat_plan_and_user_owner_send_nothing(
    settings: Any,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(fake_stripe, customer_for, team, plans["pro_month"])
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=9)  # owner is "user": ignored
    settings.QUICKSCALE_BILLING_OWNER = "team"
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=9)  # pro is not per seat
    assert quantities(fake_stripe) == []


def test_team_without_subscription_or_canceled_sends_nothing(
    team_owner: None,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=3)
    subscribe(fake_stripe, customer_for, team, plans["team_month"], status="canceled")
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=3)
    assert quantities(fake_stripe) == []


def test_per_seat_checkout_starts_with_the_team_seats(
    team_owner: None, team: Team, plans: Any, fake_stripe: FakeStripe
) -> None:
    from quickscale_modules.billing import services

    services.start_checkout(team, "price_team_month", success_url="https://x.test/ok", cancel_url="https://x.test/no")
    params = fake_stripe.requests_to("POST", "/v1/checkout/sessions")[-1].params
    assert params["line_items[0][quantity]"] == "2"
    customer = fake_stripe.requests_to("POST", "/v1/customers")[-1].params
    assert customer["metadata[quickscale_owner]"] == f"testapp.team:{team.pk}"
    assert customer["email"] == team.owner.email
    assert customer["name"] == "Tenant Acme"


def test_seat_sync_runs_as_a_task_retried_with_backoff_and_given_up_after_the_bound(
    settings: Any,
    team_owner: None,
    team: Team,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS = 3
    subscribe(fake_stripe, customer_for, team, plans["team_month"])
    fake_stripe.failing.add("/v1/subscription_items")
    with django_capture_on_commit_callbacks(execute=True):
        team_members_changed.send(sender=Team, team=team, seats=7)
    assert quantities(fake_stripe) == []  # the request only enqueued the sync

    for _ in range(6):  # more worker rounds than the bound: the retries must stop by themselves
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_db_worker()

    row = PendingSeatSync.objects.get()
    assert row.attempts == 3  # Stripe refused it 3 times, then it was given up
    assert "given up after 3 attempts" in caplog.text
    assert not DBTaskResult.objects.filter(status="READY").exists()
    call_command("billing_sync_seats")  # the cron run skips it: nothing pending, no error
    assert PendingSeatSync.objects.get().attempts == 3

    fake_stripe.failing.clear()
    call_command("billing_sync_seats", "--retry-given-up")
    assert not PendingSeatSync.objects.exists()
    assert quantities(fake_stripe)[-1] == "7"
