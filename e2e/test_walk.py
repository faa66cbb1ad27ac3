"""The full project (every module, html theme) under gunicorn with production settings on PostgreSQL,
walked in Debian's Chromium by Playwright: what a person does on the first day."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.harness import SECRET, Project, install, make_venv, scaffold
from e2e.postgres import Postgres, free_port
from e2e.server import background, gunicorn
from e2e.totp import totp

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
# Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "A-long-pass-phrase-for-e2e-42"
#: A Content-Security-Policy violation becomes a console error too (Chromium logs most, not all).
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
  `securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
  + ` in ${event.sourceFile}`));"""
NAME = "walk_site"


class Site:
    def __init__(self, base: str, mail_dir: Path, shots: Path) -> None:
        self.base, self.mail_dir, self.shots = base, mail_dir, shots

    def url(self, path: str) -> str:
        return self.base + path

    def mails_to(self, address: str) -> list[str]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            for message in path.read_text().split("\n" + "-" * 79 + "\n"):
                if re.search(rf"^To: .*{re.escape(address)}", message, re.M | re.I):
                    messages.append(message)
        return messages

    def link_in_last_mail(self, address: str, pattern: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.mails_to(address)):
                body = message.replace("=\n", "").replace("=3D", "=")
                found = re.findall(r"https?://[^\s\"'<>]+", body)
                matching = [link for link in found if re.search(pattern, link)]
                if matching:
                    return str(matching[0])
            time.sleep(0.3)
        raise AssertionError(f"No mail to {address} with a link matching {pattern!r}")

    def shot(self, page: Any, name: str) -> None:
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def site(
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Site]:
    workdir = tmp_path_factory.mktemp("walk")
    path = scaffold(quickscale, workdir, NAME, "auth,teams,billing", "html")
    python = make_venv(path / ".venv")
    install(python, "-e", ".", wheels=wheels, constraints=constraints, cwd=path)
    project = Project(path, NAME, python)
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    port, stripe_port = free_port(), free_port()
    webhook_secret = "whsec_e2e_walk_secret"
    env = {
        **project.env_example(),
        "DATABASE_URL": postgres.create_database(NAME, template=migrated.get("auth,teams,billing")),
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "STRIPE_API_HOST": f"http://127.0.0.1:{stripe_port}",
        "STRIPE_WEBHOOK_SECRET": webhook_secret,
        # Keys of the right shape in place of .env.example's placeholders (the fake takes any key).
        "STRIPE_SECRET_KEY": "sk_test_" + "e2eWalk" * 4,
        "STRIPE_PUBLIC_KEY": "pk_test_" + "e2eWalk" * 4,
        "QUICKSCALE_TEAMS_SITE_URL": f"http://localhost:{port}",
        "PATH": f"{python.parent}:/usr/bin:/bin",
    }
    project.manage("migrate", "--noinput", env=env)
    project.manage("collectstatic", "--noinput", env=env)
    project.manage("quickscale_demo", env=env)  # the plans on the pricing page
    shots = artifacts / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    # The port of STRIPE_API_HOST and the secret of STRIPE_WEBHOOK_SECRET, from env (the production settings).
    fake_stripe = [
        str(python), "manage.py", "billing_stand_in", "--webhook-url", f"http://127.0.0.1:{port}/billing/webhook/",
    ]  # fmt: skip
    with (
        background(
            fake_stripe,
            path,
            env,
            artifacts / "fake-stripe.log",
            f"http://127.0.0.1:{stripe_port}/",
            accept_any_status=True,  # the fake answers "/" with Stripe's 404 error object: it is up
        ),
        gunicorn(path, python, NAME, env, artifacts / "gunicorn.log", port=port) as server,
    ):
        yield Site(server.url, mail_dir, shots)


class WatchedBrowser:
    """Chromium whose pages report every console message and CSP violation into ``problems``."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.problems: list[str] = []

    def new_context(self, **options: Any) -> Any:
        context = self.browser.new_context(**options)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self.console)
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def console(self, message: Any) -> None:
        url = message.location.get("url", "")
        if message.type in ("verbose", "debug") or url.endswith("/favicon.ico"):
            return  # Chromium's DOM hints; the favicon no page names
        self.problems.append(f"{message.type}: {message.text} ({url})")


@pytest.fixture(scope="module")
def browser() -> Iterator[WatchedBrowser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def quiet_console(browser: WatchedBrowser) -> Iterator[None]:
    """Every page of each walk: no console message, no Content-Security-Policy violation."""
    browser.problems.clear()
    yield
    assert browser.problems == [], "\n".join(browser.problems)


def sign_up_and_verify(site: Site, page: Any, email: str, shots: str = "") -> None:
    page.goto(site.url("/accounts/signup/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if shots:
        site.shot(page, f"{shots}-signup")
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    confirm = site.link_in_last_mail(email, r"/accounts/confirm-email/")
    page.goto(confirm)
    if shots:
        site.shot(page, f"{shots}-confirm")
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()


def log_in(site: Site, page: Any, email: str) -> None:
    page.goto(site.url("/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def log_out(site: Site, page: Any) -> None:
    page.goto(site.url("/accounts/logout/"))
    page.get_by_role("button", name=re.compile("sign out", re.I)).click()


def next_totp_window() -> None:
    """allauth refuses a TOTP code used once: wait for a fresh 30 s window."""
    time.sleep(30 - time.time() % 30 + 0.5)


def test_home_signup_verify_login_dashboard_totp(site: Site, browser: Any) -> None:
    expect = playwright_api.expect
    page = browser.new_page()
    page.goto(site.url("/"))
    expect(page).to_have_title(re.compile(".+"))
    site.shot(page, "01-home")

    email = "walker@example.com"
    sign_up_and_verify(site, page, email, shots="02")
    page.goto(site.url("/dashboard/"))
    expect(page).to_have_url(re.compile("/dashboard/$"))
    site.shot(page, "03-dashboard")
    log_out(site, page)
    log_in(site, page, email)
    expect(page).to_have_url(re.compile("/dashboard/$"))

    page.goto(site.url("/accounts/2fa/totp/activate/"))
    if "reauthenticate" in page.url:  # allauth asks for the password again before MFA changes
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.goto(site.url("/accounts/2fa/totp/activate/"))
    secret = re.fullmatch(r"[A-Z2-7]{16,}", page.get_by_label("Authenticator secret").input_value())
    assert secret, "the TOTP activation page shows no secret"
    site.shot(page, "04-totp-activate")
    page.get_by_label(re.compile("authenticator code", re.I)).fill(totp(secret.group(0)))
    page.get_by_role("button", name=re.compile("activate", re.I)).click()
    expect(page.get_by_text(re.compile("recovery codes|enabled|activated", re.I)).first).to_be_visible()
    site.shot(page, "05-totp-enabled")

    log_out(site, page)
    next_totp_window()
    log_in(site, page, email)
    expect(page).to_have_url(re.compile("/2fa/authenticate/"))
    page.get_by_label("Code").fill(totp(secret.group(0)))
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(re.compile("/dashboard/$"))
    site.shot(page, "06-logged-in-with-totp")
    page.goto(site.url("/api/docs/"))  # Swagger UI from the sidecar, under the policy
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.close()


def test_team_invitation_accepted_in_a_second_browser(site: Site, browser: Any) -> None:
    expect = playwright_api.expect
    owner = browser.new_context().new_page()
    sign_up_and_verify(site, owner, "owner@example.com")
    owner.goto(site.url("/teams/create/"))
    owner.get_by_label("Name").fill("Rocket Crew")
    owner.get_by_role("button", name=re.compile("create team", re.I)).click()
    site.shot(owner, "10-team-created")
    slug = re.search(r"/teams/([^/]+)/", owner.url)
    assert slug, owner.url
    owner.goto(site.url(f"/teams/{slug.group(1)}/invitations/"))
    owner.get_by_label("Email").fill("invitee@example.com")
    owner.get_by_role("button", name=re.compile("send invitation", re.I)).click()
    site.shot(owner, "11-invitation-sent")

    accept = site.link_in_last_mail("invitee@example.com", r"/teams/")
    invitee = browser.new_context().new_page()
    invitee.goto(accept)
    site.shot(invitee, "12-invitee-lands")
    sign_up_and_verify(site, invitee, "invitee@example.com")
    invitee.goto(accept)
    button = invitee.get_by_role("button", name=re.compile("accept", re.I))
    if button.count():
        button.click()
    site.shot(invitee, "13-invitee-accepted")

    owner.goto(site.url(f"/teams/{slug.group(1)}/members/"))
    expect(owner.get_by_role("cell", name="invitee@example.com", exact=True)).to_be_visible()
    site.shot(owner, "14-members")


def test_pricing_checkout_webhook_billing_page(site: Site, browser: Any) -> None:
    expect = playwright_api.expect
    page = browser.new_context().new_page()
    sign_up_and_verify(site, page, "payer@example.com")
    page.goto(site.url("/billing/pricing/"))
    site.shot(page, "20-pricing")
    with page.expect_response(lambda response: "/checkout/" in response.url and response.status == 303) as sent:
        page.get_by_role("button", name=re.compile("subscribe monthly", re.I)).first.click()
    # Our checkout view redirected to the (fake) Stripe Checkout URL it was given ...
    assert re.match(r"http://127\.0\.0\.1:\d+/", sent.value.headers["location"]), sent.value.headers["location"]
    # ... whose hosted page "pays", delivers the signed webhooks to our webhook URL and returns here.
    expect(page).to_have_url(re.compile("/billing/"))
    expect(page.get_by_text(re.compile("active", re.I)).first).to_be_visible()
    site.shot(page, "21-billing-page")
