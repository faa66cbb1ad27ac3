from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import WARNING
from django.core.management import CommandError, call_command
from djstripe.models import Price, Product

from quickscale_modules.billing import checks
from quickscale_modules.billing.layer import LAYER, public_key_from_env
from quickscale_modules.billing.testing import FakeStripe, make_price, make_product


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


def test_layer_wires_djstripe() -> None:
    assert LAYER.lists["INSTALLED_APPS"] == ["djstripe", "quickscale_modules.billing"]
    assert LAYER.defaults["DJSTRIPE_FOREIGN_KEY_TO_FIELD"] == "id"
    assert LAYER.defaults["DJSTRIPE_WEBHOOK_VALIDATION"] == "verify_signature"


def test_valid_settings_pass() -> None:
    assert checks.check_settings() == []
    assert checks.check_keys_present() == []


@pytest.mark.django_db
def test_checks_run_only_when_the_module_is_checked(settings: Any) -> None:
    from django.apps import apps
    from django.core.checks import run_checks

    settings.QUICKSCALE_BILLING_OWNER = "company"
    settings.STRIPE_WEBHOOK_SECRET = ""
    own, other = [apps.get_app_config("quickscale_billing")], [apps.get_app_config("contenttypes")]
    assert {"quickscale_billing.E001", "quickscale_billing.E012"} <= set(
        ids(run_checks(app_configs=own, include_deployment_checks=True))
    )
    found = ids(run_checks(app_configs=other, include_deployment_checks=True))
    assert not [i for i in found if i and i.startswith("quickscale_billing")]


def test_owner_checks(settings: Any) -> None:
    settings.QUICKSCALE_BILLING_OWNER = "company"
    assert ids(checks.check_settings()) == ["quickscale_billing.E001"]
    settings.QUICKSCALE_BILLING_OWNER = "team"
    assert checks.check_settings() == []
    errors = checks.check_owners_and_adapter()  # teams is absent in these tests: no owner provider
    assert ids(errors) == ["quickscale_billing.E002"]
    assert "pip install quickscale-modules-teams" in errors[0].hint
    assert "QUICKSCALE_OWNER_PROVIDER" in errors[0].hint
    settings.QUICKSCALE_OWNER_PROVIDER = "tests.testapp.owners.TenantOwnerProvider"
    assert checks.check_owners_and_adapter() == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("tests.testapp.adapters.NotAnAdapter", "is not a subclass of"),
        ("tests.testapp.adapters.Missing", "does not import"),
        ("nowhere.Adapter", "does not import"),
    ],
)
def test_adapter_check(settings: Any, path: str, problem: str) -> None:
    assert checks.check_owners_and_adapter() == []
    settings.QUICKSCALE_BILLING_ADAPTER = path
    errors = checks.check_owners_and_adapter()
    assert ids(errors) == ["quickscale_billing.E020"]
    assert problem in errors[0].msg
    assert "quickscale_modules.billing.adapter.BillingAdapter" in errors[0].hint
    settings.QUICKSCALE_BILLING_ADAPTER = "tests.testapp.adapters.ProjectBillingAdapter"
    assert checks.check_owners_and_adapter() == []


def test_removed_team_manage_permission_is_reported(settings: Any) -> None:
    settings.QUICKSCALE_BILLING_TEAM_MANAGE_PERMISSION = "quickscale_teams.change_team"
    errors = checks.check_owners_and_adapter()
    assert ids(errors) == ["quickscale_billing.E021"]
    assert "can_manage_billing" in errors[0].hint


def test_malformed_keys(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = "sk_live_abc"  # live key in test mode
    settings.STRIPE_PUBLIC_KEY = "nonsense"
    settings.STRIPE_WEBHOOK_SECRET = "secret"
    errors = checks.check_settings()
    assert ids(errors) == ["quickscale_billing.E003", "quickscale_billing.E003", "quickscale_billing.E004"]
    assert "STRIPE_LIVE_MODE=true" in errors[0].hint
    assert "Copy the test-mode key into STRIPE_PUBLIC_KEY" in errors[1].hint
    assert "publishable key" in errors[1].msg
    settings.STRIPE_LIVE_MODE = True
    assert ids(checks.check_settings()) == [
        "quickscale_billing.E003",
        "quickscale_billing.E003",
        "quickscale_billing.E004",
    ]
    settings.STRIPE_SECRET_KEY = "sk_live_" + "a1" * 12
    settings.STRIPE_PUBLIC_KEY = "pk_live_" + "b2" * 12
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert checks.check_settings() == []


def test_key_with_the_right_prefix_but_not_a_key_shape(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = "sk_test_replace_with_your_key"  # dj-stripe refuses it at the first call

    errors = checks.check_settings()

    assert ids(errors) == ["quickscale_billing.E003"]
    assert "at least 24 letters and digits" in errors[0].msg


@pytest.mark.parametrize(
    "plans",
    [[], {"pro": []}, {"pro": {"features": "reports"}}, {"pro": {"limits": [1]}}],
)
def test_malformed_plans(settings: Any, plans: Any) -> None:
    settings.QUICKSCALE_BILLING_PLANS = plans
    assert ids(checks.check_settings()) == ["quickscale_billing.E005"]


def test_env_example_placeholders_fail_deploy_checks_by_name(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = "sk_test_REPLACE_ME"
    settings.STRIPE_PUBLIC_KEY = "pk_test_REPLACE_ME"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_REPLACE_ME"

    errors = checks.check_placeholders()

    assert ids(errors) == ["quickscale_billing.E013"] * 3
    named = [e.msg.split()[0] for e in errors]
    assert named == ["STRIPE_SECRET_KEY", "STRIPE_PUBLIC_KEY", "STRIPE_WEBHOOK_SECRET"]
    assert "Developers > API keys" in errors[0].hint
    assert "Developers > Webhooks" in errors[2].hint
    # Left to the deploy check: a copied .env.example does not break manage.py check in development.
    assert checks.check_settings() == []
    assert checks.check_keys_present() == []


def test_real_shaped_keys_pass_the_placeholder_check(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = "sk_test_" + "a1" * 12
    settings.STRIPE_PUBLIC_KEY = "pk_test_" + "b2" * 12
    settings.STRIPE_WEBHOOK_SECRET = "whsec_" + "c3" * 12
    assert checks.check_placeholders() == []


def test_missing_keys_fail_deploy_checks(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLIC_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    errors = checks.check_keys_present()
    assert ids(errors) == ["quickscale_billing.E010", "quickscale_billing.E011", "quickscale_billing.E012"]
    assert "Set STRIPE_PUBLIC_KEY in the environment" in errors[1].hint
    settings.STRIPE_SECRET_KEY = None  # a settings file that reads a missing variable with os.environ.get
    assert ids(checks.check_keys_present())[0] == "quickscale_billing.E010"


def test_one_name_for_the_publishable_key_with_the_old_variable_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """1.0 read the setting STRIPE_PUBLIC_KEY from the variable STRIPE_PUBLISHABLE_KEY; 1.x reads both, warning."""
    old, new = "pk_test_" + "o1" * 12, "pk_test_" + "n2" * 12
    monkeypatch.delenv("STRIPE_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("STRIPE_PUBLISHABLE_KEY", raising=False)
    assert public_key_from_env() == ""
    assert checks.check_deprecated_environment() == []
    monkeypatch.setenv("STRIPE_PUBLISHABLE_KEY", old)
    with pytest.warns(DeprecationWarning, match="rename it STRIPE_PUBLIC_KEY"):
        assert public_key_from_env() == old
    [notice] = checks.check_deprecated_environment()
    assert notice.id == "quickscale_billing.I001"
    assert notice.level < WARNING  # a 1.0 project's `check --deploy --fail-level WARNING` stays green
    assert "reads it until 2.0" in notice.msg
    assert "Rename STRIPE_PUBLISHABLE_KEY to STRIPE_PUBLIC_KEY" in notice.hint
    monkeypatch.setenv("STRIPE_PUBLIC_KEY", new)
    assert public_key_from_env() == new  # and no warning: the new name wins
    [notice] = checks.check_deprecated_environment()
    assert "ignored: STRIPE_PUBLIC_KEY is set too" in notice.msg
    assert notice.hint.endswith("or remove it.")


@pytest.mark.django_db
def test_sync_plans_command(fake_stripe: FakeStripe) -> None:
    fake_stripe.add(make_product("prod_synced", "Synced", {"plan": "pro"}))
    fake_stripe.add(make_price("price_synced", "prod_synced", "year", 1000))
    out = StringIO()
    call_command("billing_sync_plans", stdout=out)
    assert "Synced 1 products and 1 prices" in out.getvalue()
    assert Price.objects.get(id="price_synced").product.name == "Synced"
    fake_stripe.failing.add("/v1/products")
    with pytest.raises(CommandError, match="check STRIPE_SECRET_KEY"):
        call_command("billing_sync_plans")


@pytest.mark.django_db
def test_sync_seats_command_with_nothing_pending() -> None:
    out = StringIO()
    call_command("billing_sync_seats", stdout=out)
    assert "Sent 0 seat quantities" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_shows_on_pricing(client: Any) -> None:
    from quickscale_core.demo import seed_demo

    context = seed_demo()
    seed_demo()
    assert any("demo plans" in line for line in context["summary"])
    assert Product.objects.filter(id__startswith="prod_demo_").count() == 2
    assert Price.objects.filter(id__startswith="price_demo_").count() == 4
    page = client.get("/billing/pricing/")
    assert b"price_demo_pro_month" in page.content
    assert b"price_demo_starter_year" in page.content


#: The webhook benchmark lives in the repository (bench/), not in the wheel: this test needs a checkout.
BENCH = Path(__file__).resolve().parents[3] / "bench" / "webhooks.py"


@pytest.mark.django_db
@pytest.mark.skipif(not BENCH.is_file(), reason="bench/webhooks.py is not here")
def test_webhook_benchmark_reports_events_per_second(capsys: pytest.CaptureFixture[str]) -> None:
    """As bench/run.py runs it: the file's text given to ``manage.py shell -c``, then ``report()``."""
    call_command("shell", "-c", BENCH.read_text() + "\nreport(events=3)\n")
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["events"] == 3
    assert result["per_second"] > 0


@pytest.mark.django_db
def test_deprecated_benchmark_of_1_0_still_works() -> None:
    from quickscale_modules.billing import testing

    with pytest.warns(DeprecationWarning, match="bench/webhooks.py"):
        result = testing.benchmark_webhooks(events=2)
    assert result["events"] == 2
    assert result["per_second"] > 0


@pytest.mark.parametrize("labels", [["api"], {"api": ""}, {1: "One"}])
def test_malformed_feature_labels(settings: Any, labels: Any) -> None:
    settings.QUICKSCALE_BILLING_FEATURE_LABELS = labels
    assert ids(checks.check_settings()) == ["quickscale_billing.E006"]


@pytest.mark.parametrize("attempts", [0, "10", True])
def test_seat_sync_attempts_must_be_a_positive_number(settings: Any, attempts: Any) -> None:
    settings.QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS = attempts
    assert ids(checks.check_settings()) == ["quickscale_billing.E007"]
