"""The README's first command, ``scripts/demo``, as a person runs it: the site it serves, the demo and
admin logins it prints, and the whole money path offline on the local Stripe stand-in (pricing ->
Checkout -> signed webhooks -> the billing page -> the Customer Portal -> cancel)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.harness import ROOT
from e2e.postgres import free_port
from e2e.server import background
from e2e.test_walk import CHROMIUM, CHROMIUM_ARGS, playwright_api


class Demo:
    def __init__(self, base: str, log: Path) -> None:
        self.base, self.log = base, log

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[Demo]:
    port, stripe_port = free_port(), free_port()
    env = {
        "QS_DEMO_WORK": str(tmp_path_factory.mktemp("demo")),
        "QS_DEMO_PORT": str(port),
        "QS_DEMO_STRIPE_PORT": str(stripe_port),
    }
    log = artifacts / "demo.log"
    base = f"http://127.0.0.1:{port}"
    with background(
        ["bash", str(ROOT / "scripts" / "demo")], ROOT, env, log, f"{base}/healthz", timeout=900, as_group=True
    ):
        yield Demo(base, log)
    assert "Demo login: demo@example.com / quickscale-demo" in log.read_text()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def log_in(demo: Demo, page: Any, email: str, password: str) -> None:
    page.goto(demo.url("/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()


def test_the_demo_prints_both_logins_and_the_admin_opens(demo: Demo, browser: Any) -> None:
    printed = demo.log.read_text()
    assert "Demo login: demo@example.com / quickscale-demo" in printed
    assert "Admin: admin@example.com / quickscale-admin" in printed
    page = browser.new_context().new_page()
    log_in(demo, page, "admin@example.com", "quickscale-admin")
    page.goto(demo.url("/admin/"))
    playwright_api.expect(page.get_by_role("heading", name=re.compile("administration", re.I)).first).to_be_visible()


def test_the_demo_takes_money_offline(demo: Demo, browser: Any) -> None:
    expect = playwright_api.expect
    page = browser.new_context().new_page()
    log_in(demo, page, "demo@example.com", "quickscale-demo")
    page.goto(demo.url("/billing/pricing/"))
    expect(page.get_by_text(re.compile("test mode", re.I)).first).to_be_visible()  # says it is the stand-in
    page.get_by_role("button", name=re.compile("subscribe monthly", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/billing/\?checkout=success"))
    status = page.get_by_role("region", name="Subscription").locator("dd .badge")  # the status badge
    expect(status).to_have_text(re.compile("active", re.I))
    expect(page.get_by_text(re.compile("test mode", re.I)).first).to_be_visible()

    page.get_by_role("button", name="Manage billing").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/"))  # the stand-in's portal
    page.get_by_role("button", name=re.compile("cancel subscription", re.I)).click()
    expect(page).to_have_url(re.compile("/billing/"))
    expect(status).to_have_text(re.compile("canceled", re.I))
