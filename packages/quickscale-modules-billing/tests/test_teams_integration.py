"""Billing with the real teams module: the team as owner, its roles, and seats following memberships.

Runs with ``--ds=tests.settings_teams`` only (marker ``teams``). Billing finds teams through core's owner
provider, which the teams layer sets; these tests import teams, billing's code never does.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from djstripe.models import Subscription

from quickscale_core.testing import email_links, last_email_to
from quickscale_modules.billing.testing import FakeStripe, make_subscription

pytestmark = [pytest.mark.django_db, pytest.mark.teams]


@pytest.fixture(autouse=True)
def _team_owner(settings: Any) -> None:
    settings.QUICKSCALE_BILLING_OWNER = "team"


@pytest.fixture
def teams() -> ModuleType:
    """The teams services (imported here: the module's models exist only under tests.settings_teams)."""
    from quickscale_modules.teams import services

    return services


@pytest.fixture
def membership_model() -> Any:
    from quickscale_modules.teams.models import Membership

    return Membership


def test_members_joining_and_leaving_update_seats(
    user: Any, user_factory: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any,
    django_capture_on_commit_callbacks: Any, teams: ModuleType, membership_model: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        team = teams.create_team(owner=user, name="Acme")
    customer_id = customer_for(team)
    data = fake_stripe.add(make_subscription("sub_acme", customer_id, plans["team_month"], item_id="si_acme"))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())

    newcomer = user_factory(email="newcomer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        teams.invite(team=team, invited_by=user, email=newcomer.email)
    token = email_links(last_email_to(newcomer.email))[0].rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        teams.accept_invitation(token=token, user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        teams.remove_member(membership=membership_model.objects.get(team=team, user=newcomer), by=user)

    sent = [r.params["quantity"] for r in fake_stripe.requests_to("POST", "/v1/subscription_items/si_acme")]
    assert sent == ["2", "1"]


def test_team_pages_pick_the_team_and_respect_roles(
    client: Client, user: Any, user_factory: Any, plans: Any, fake_stripe: FakeStripe,
    teams: ModuleType, membership_model: Any,
) -> None:  # fmt: skip
    acme = teams.create_team(owner=user, name="Acme")
    zeta = teams.create_team(owner=user, name="Zeta")
    client.force_login(user)
    page = client.get("/billing/pricing/")
    assert b'<option value="acme" selected>' in page.content
    page = client.get("/billing/pricing/?team=zeta")
    assert b'<option value="zeta" selected>' in page.content
    assert b'name="team" value="zeta"' in page.content
    assert b'<option value="zeta" selected>' in client.get("/billing/").content  # remembered in the session

    response = client.post("/billing/checkout/", {"price": "price_team_month", "team": "acme"})
    assert response.status_code == 303
    customer = fake_stripe.requests_to("POST", "/v1/customers")[-1].params
    assert customer["metadata[quickscale_owner]"] == f"quickscale_teams.team:{acme.pk}"
    del zeta

    member = user_factory(email="member@example.com")
    membership_model.objects.create(team=acme, user=member, role="member")
    client.force_login(member)
    page = client.get("/billing/pricing/")
    assert b"Billing for Acme" in page.content
    response = client.post("/billing/checkout/", {"price": "price_team_month"}, follow=True)
    assert b"Only the team&#x27;s owners and admins" in response.content
    response = client.post("/billing/portal/", follow=True)
    assert b"Only the team&#x27;s owners and admins" in response.content
    assert (
        client.post(
            "/api/billing/checkout-session/", {"price": "price_team_month"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get("/api/billing/subscription/").status_code == 200

    loner = user_factory(email="loner@example.com")
    client.force_login(loner)
    assert b"create or join a team first" in client.post("/billing/portal/", follow=True).content


def test_teams_provider_gives_seats_contact_and_the_team_of_a_team_page(
    client: Client, rf: Any, user: Any, user_factory: Any, plans: Any, fake_stripe: FakeStripe,
    teams: ModuleType, membership_model: Any,
) -> None:  # fmt: skip
    from quickscale_core.owners import get_owner_provider
    from quickscale_modules.billing.owners import get_owner
    from quickscale_modules.teams.context import set_team_context

    assert type(get_owner_provider()).__name__ == "TeamOwnerProvider"  # set by the teams layer
    acme = teams.create_team(owner=user, name="Acme")
    zeta = teams.create_team(owner=user, name="Zeta")
    for email in ("a@example.com", "b@example.com"):
        membership_model.objects.create(team=acme, user=user_factory(email=email), role="member")
    client.force_login(user)
    assert client.post("/billing/checkout/", {"price": "price_team_month", "team": "acme"}).status_code == 303
    customer = fake_stripe.requests_to("POST", "/v1/customers")[-1].params
    assert (customer["name"], customer["email"]) == ("Acme", user.email)
    assert fake_stripe.requests_to("POST", "/v1/checkout/sessions")[-1].params["line_items[0][quantity]"] == "3"

    request = rf.get("/?team=acme")  # a view under /teams/zeta/... : the URL's team wins
    request.user = user
    set_team_context(request, zeta.slug)
    assert get_owner(request) == zeta


def test_who_manages_team_billing_is_the_teams_adapters_decision(
    client: Client, settings: Any, user: Any, user_factory: Any, plans: Any, fake_stripe: FakeStripe,
    teams: ModuleType, membership_model: Any,
) -> None:  # fmt: skip
    acme = teams.create_team(owner=user, name="Acme")
    admin = user_factory(email="admin@example.com")
    membership_model.objects.create(team=acme, user=admin, role="admin")
    client.force_login(admin)
    assert (
        client.post(
            "/api/billing/checkout-session/", {"price": "price_team_month"}, content_type="application/json"
        ).status_code
        == 201
    )
    settings.QUICKSCALE_TEAMS_ADAPTER = "tests.testapp.teams_adapters.OwnersOnlyBilling"
    assert (
        client.post(
            "/api/billing/checkout-session/", {"price": "price_team_month"}, content_type="application/json"
        ).status_code
        == 403
    )
