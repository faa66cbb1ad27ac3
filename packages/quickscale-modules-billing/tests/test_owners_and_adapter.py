"""Billing's seams: owners through core's protocol (teams absent, or a project's own tenant model) and the adapter.

The teams module is not installed in these settings; tests/testapp/owners.py is a project's own tenant
model implementing ``quickscale_core.owners.OwnerProvider`` by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from djstripe.models import Subscription

from quickscale_modules.billing.adapter import BillingAdapter, get_adapter
from quickscale_modules.billing.owners import can_manage, get_owner
from quickscale_modules.billing.testing import FakeStripe, make_subscription
from tests.testapp.adapters import ProjectBillingAdapter
from tests.testapp.models import Team

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[1] / "src"


def test_billing_never_imports_another_module() -> None:
    """Billing talks to teams (or any owner module) only through core: no import, not even inside a function."""
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*")
        if path.suffix in (".py", ".html", ".txt")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"quickscale_modules\.(?!billing\b)|quickscale_(teams|auth|notifications)\b", line)
    ]
    assert offenders == []


def test_teams_absent_user_billing_works(logged_in_client: Client, user: Any, plans: Any) -> None:
    from django.apps import apps

    assert not apps.is_installed("quickscale_modules.teams")
    page = logged_in_client.get("/billing/pricing/")
    assert b"team-picker" not in page.content
    assert b'name="team"' not in page.content
    assert logged_in_client.post("/billing/checkout/", {"price": "price_pro_month"}).status_code == 303


def test_tenant_model_as_owner_through_pages_and_api(
    client: Client, user: Any, user_factory: Any, tenant_owner: None, plans: Any, fake_stripe: FakeStripe
) -> None:
    acme = Team.objects.create(name="Acme", owner=user, seats=4)
    zeta = Team.objects.create(name="Zeta", owner=user, seats=1)
    stranger = user_factory(email="stranger@example.com")
    theirs = Team.objects.create(name="Theirs", owner=stranger)
    client.force_login(user)

    page = client.get("/billing/pricing/")
    assert f'<option value="{acme.pk}" selected>Tenant Acme</option>'.encode() in page.content
    assert f'<option value="{zeta.pk}">Tenant Zeta</option>'.encode() in page.content
    assert b"Tenant Theirs" not in page.content
    page = client.get(f"/billing/pricing/?team={zeta.pk}")
    assert f'name="team" value="{zeta.pk}"'.encode() in page.content
    assert f'<option value="{zeta.pk}" selected>'.encode() in client.get("/billing/").content  # remembered
    # Another user's tenant cannot be picked: the user's remembered one stays.
    assert f'<option value="{zeta.pk}" selected>'.encode() in client.get(f"/billing/?team={theirs.pk}").content

    response = client.post("/billing/checkout/", {"price": "price_team_month", "team": str(acme.pk)})
    assert response.status_code == 303
    customer = fake_stripe.requests_to("POST", "/v1/customers")[-1].params
    assert customer["metadata[quickscale_owner]"] == f"testapp.team:{acme.pk}"
    assert customer["name"] == "Tenant Acme"
    assert customer["email"] == user.email
    session = fake_stripe.requests_to("POST", "/v1/checkout/sessions")[-1].params
    assert session["line_items[0][quantity]"] == "4"  # the provider's seats

    data = fake_stripe.add(make_subscription("sub_acme", _customer_id(acme), plans["team_month"]))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())
    body = client.get(f"/api/billing/subscription/?team={acme.pk}").json()
    assert body["plan"] == "team"

    client.force_login(user_factory(email="nobody@example.com"))  # no tenant at all
    assert b"create or join a team first" in client.post("/billing/portal/", follow=True).content
    assert client.get("/api/billing/subscription/").status_code == 403


def _customer_id(owner: Any) -> str:
    from quickscale_modules.billing.selectors import customer_for

    customer = customer_for(owner)
    assert customer is not None
    return customer.customer_id


def test_who_manages_a_tenant_is_the_providers_decision(
    rf: RequestFactory, user: Any, user_factory: Any, tenant_owner: None
) -> None:
    member = user_factory(email="member@example.com")
    tenant = Team.objects.create(name="Acme", owner=user)
    request = rf.get("/")
    request.user = member
    request.tenant = tenant  # type: ignore[attr-defined] # what a project's tenant middleware would set
    assert get_owner(request) == tenant
    assert not can_manage(request, tenant)
    request.user = user
    assert can_manage(request, tenant)
    assert can_manage(request, user)
    assert not can_manage(request, member)  # another user is never a manageable owner


def test_adapter_by_setting_changes_plan_display(
    settings: Any, logged_in_client: Client, plans: Any, fake_stripe: FakeStripe
) -> None:
    assert type(get_adapter()) is BillingAdapter
    default_page = logged_in_client.get("/billing/pricing/").content.decode()
    assert default_page.index("plan-team") < default_page.index("plan-pro")  # cheapest first
    assert "<li>Api</li>" in default_page  # the key capitalised: no label in QUICKSCALE_BILLING_FEATURE_LABELS

    settings.QUICKSCALE_BILLING_ADAPTER = "tests.testapp.adapters.ProjectBillingAdapter"
    assert isinstance(get_adapter(), ProjectBillingAdapter)
    page = logged_in_client.get("/billing/pricing/").content.decode()
    assert page.index("plan-pro") < page.index("plan-team")  # the project's order
    assert ">Pro plan</h2>" in page
    assert "<li>API access</li><li>Monthly reports</li>" in page
    body = logged_in_client.get("/api/billing/plans/").json()
    assert [plan["key"] for plan in body] == ["pro", "team"]
    assert body[0]["name"] == "Pro plan"
    assert body[0]["features"] == ["api", "reports"]
    assert body[0]["feature_labels"] == ["API access", "Monthly reports"]
