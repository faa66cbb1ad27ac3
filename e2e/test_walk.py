"""The full project (every module) under gunicorn with production settings on PostgreSQL, walked in
Debian's Chromium by Playwright: what a person does on the first day. The html theme gets the whole
walk; a project generated with ``--theme htmx`` gets a shorter one with the same helpers (every page,
logged out and logged in, and the htmx interactions the theme adds).

Every page the walks show is checked with axe-core (npm's ``axe-core``, installed into a temporary
folder and injected with ``page.evaluate``, which the site's CSP does not govern): no critical or
serious finding, at 1280 px and at 390 px. At 390 px no page is wider than the screen and the menu
button opens the navigation. Screenshots of every page at both widths go to
artifacts/e2e/browser/<theme>/<width>/; the same key pages under two brands (the default tokens, then
the override of docs/theming.md written into the project's own static/css/site.css), light and dark,
go to artifacts/e2e/brands/<brand>/<scheme>/<width>/."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.harness import ROOT, SECRET, installed_project
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
MODULES = "auth,teams,billing"
AXE_VERSION = "4"
#: axe's findings that fail the walk (the moderate and minor ones are printed only).
BLOCKING_IMPACTS = ("critical", "serious")
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))
}))"""
#: Wider than the screen: the document scrolls sideways (390 px phones).
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
#: The brand the docs show: the first ``css`` block of docs/theming.md's "Rebrand a project".
THEMING_DOC = ROOT / "docs" / "theming.md"


def documented_brand() -> str:
    text = THEMING_DOC.read_text()
    section = text[text.index("## Rebrand a project") :]
    found = re.search(r"```css\n(.*?)```", section, re.S)
    assert found, f"{THEMING_DOC}: no css block under 'Rebrand a project'"
    return found.group(1)


class Site:
    def __init__(self, base: str, mail_dir: Path, shots: Path, axe: str = "") -> None:
        self.base, self.mail_dir, self.shots, self.axe = base, mail_dir, shots, axe
        self.findings: list[str] = []
        self.audited: list[str] = []
        #: Appends CSS to the project's static/css/site.css, collects static files and restarts
        #: gunicorn on the same address ("" puts the stylesheet back as generated).
        self.restyle: Callable[[str], None] = lambda css: None

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

    def shot(self, page: Any, name: str, folder: Path | None = None, *, both_widths: bool = True) -> None:
        """Screenshots of the page at its width and at the other one (1280 or 390 px; ``both_widths``),
        each audited, into ``folder`` (the site's) /<width>/<name>.png; the page gets its size back."""
        size = page.viewport_size
        others = [other["width"] for other in (DESKTOP, PHONE) if other["width"] != size["width"]]
        widths = [size["width"], *(others if both_widths else [])]
        for width in widths:
            if width != size["width"]:
                page.set_viewport_size(PHONE if width == PHONE["width"] else DESKTOP)
            self.audit(page, f"{name}@{width}")
            target = (folder or self.shots) / str(width)
            target.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target / f"{name}.png"), full_page=True)
        page.set_viewport_size(size)

    def audit(self, page: Any, name: str) -> None:
        """axe-core on the page as it is now; at phone width, no sideways scrolling either."""
        page.wait_for_load_state("load")
        if self.axe:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(self.axe)
            for violation in page.evaluate(AXE_RUN):
                impact, rule = violation["impact"], violation["id"]
                line = f"{name} {page.url}: [{impact}] {rule}: {violation['help']} {violation['nodes']}"
                print("axe", line)
                if violation["impact"] in BLOCKING_IMPACTS:
                    self.findings.append(line)
        scroll_width, viewport = page.evaluate(OVERFLOW)
        if viewport <= PHONE["width"] and scroll_width > viewport:
            self.findings.append(f"{name} {page.url}: {scroll_width} px wide on a {viewport} px screen")
        self.audited.append(name)

    def assert_clean(self) -> None:
        found, self.findings = self.findings, []
        assert not found, "accessibility or layout findings:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def axe_source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core's browser build, from npm into a temporary folder (nothing of it is kept)."""
    folder = tmp_path_factory.mktemp("axe")
    subprocess.run(
        ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent", f"axe-core@{AXE_VERSION}"],
        check=True,
        timeout=300,
    )
    source = (folder / "node_modules" / "axe-core" / "axe.min.js").read_text()
    version = json.loads((folder / "node_modules" / "axe-core" / "package.json").read_text())["version"]
    print(f"axe-core {version}")
    return source


@pytest.fixture(scope="module")
def serve(
    axe_source: str,
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Callable[[str, str], contextlib.AbstractContextManager[Site]]:
    """``serve(theme, name)``: a project with every module in that theme, served until the block ends."""

    @contextlib.contextmanager
    def served(theme: str, name: str) -> Iterator[Site]:
        workdir = tmp_path_factory.mktemp(name)
        project = installed_project(quickscale, workdir, name, MODULES, theme, wheels=wheels, constraints=constraints)
        path, python = project.path, project.python
        mail_dir = workdir / "mail"
        mail_dir.mkdir()
        port, stripe_port = free_port(), free_port()
        webhook_secret = "whsec_e2e_walk_secret"
        env = {
            **project.env_example(),
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_SETTINGS_MODULE": f"{name}.settings.production",
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "EMAIL_URL": f"filemail://{mail_dir}",
            # Mail and webhook processing inside the requests, as the walk reads their effects at once
            # (no worker here: e2e/test_runtime.py runs the workers of each task backend).
            "TASKS_BACKEND": "immediate",
            "STRIPE_API_HOST": f"http://127.0.0.1:{stripe_port}",
            "STRIPE_WEBHOOK_SECRET": webhook_secret,
            # Keys of the right shape in place of .env.example's placeholders (the fake takes any key).
            "STRIPE_SECRET_KEY": "sk_test_" + "e2eWalk" * 4,
            "STRIPE_PUBLIC_KEY": "pk_test_" + "e2eWalk" * 4,
            "QUICKSCALE_TEAMS_SITE_URL": f"http://localhost:{port}",
            "PATH": f"{python.parent}:/usr/bin:/bin",
        }
        if MODULES not in migrated:
            # A clean migrated copy the next project (the other theme's walk) starts from: dj-stripe's
            # migrations run once per run (the walk's own database fills with its users).
            clean = f"{name}_migrated"
            project.manage("migrate", "--noinput", env={**env, "DATABASE_URL": postgres.create_database(clean)})
            migrated[MODULES] = clean
        env["DATABASE_URL"] = postgres.create_database(name, template=migrated[MODULES])
        project.manage("migrate", "--noinput", env=env)
        project.manage("collectstatic", "--noinput", env=env)
        project.manage("quickscale_demo", env=env)  # the plans on the pricing page
        shots = artifacts / "browser" / theme
        shots.mkdir(parents=True, exist_ok=True)
        # The port of STRIPE_API_HOST and the secret of STRIPE_WEBHOOK_SECRET, from env (the production settings).
        fake_stripe = [
            str(python), "manage.py", "billing_stand_in", "--webhook-url", f"http://127.0.0.1:{port}/billing/webhook/",
        ]  # fmt: skip
        stylesheet = path / "static" / "css" / "site.css"
        generated_css = stylesheet.read_text()
        with (
            background(
                fake_stripe,
                path,
                env,
                artifacts / f"fake-stripe-{theme}.log",
                f"http://127.0.0.1:{stripe_port}/",
                accept_any_status=True,  # the fake answers "/" with Stripe's 404 error object: it is up
            ),
            contextlib.ExitStack() as servers,
        ):
            log = artifacts / f"gunicorn-{theme}.log"
            server = servers.enter_context(gunicorn(path, python, name, env, log, port=port))
            site = Site(server.url, mail_dir, shots, axe_source)

            def restyle(css: str) -> None:
                servers.close()  # production settings: whitenoise and the manifest are read at start
                stylesheet.write_text(generated_css + css)
                project.manage("collectstatic", "--noinput", env=env)
                servers.enter_context(gunicorn(path, python, name, env, log, port=port))

            site.restyle = restyle
            yield site

    return served


@pytest.fixture(scope="module")
def site(serve: Callable[[str, str], contextlib.AbstractContextManager[Site]]) -> Iterator[Site]:
    """The html theme's project, walked by most tests here."""
    with serve("html", "walk_site") as served:
        yield served


@pytest.fixture(scope="module")
def htmx_site(serve: Callable[[str, str], contextlib.AbstractContextManager[Site]]) -> Iterator[Site]:
    """A project generated with ``--theme htmx``."""
    with serve("htmx", "walk_htmx") as served:
        yield served


class WatchedBrowser:
    """Chromium whose pages report every console message and CSP violation into ``problems``."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.problems: list[str] = []
        #: Pages the walk opens for their 404/403 answer: Chromium logs their status as a console error.
        self.error_pages: set[str] = set()

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
        if url in self.error_pages and message.text.startswith("Failed to load resource: the server responded"):
            return  # the error page the walk asked for
        self.problems.append(f"{message.type}: {message.text} ({url})")


@pytest.fixture(scope="module")
def browser() -> Iterator[WatchedBrowser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(browser)
        browser.close()


def new_page(browser: WatchedBrowser, **options: Any) -> Any:
    """A page in a context of its own, under the site's Content-Security-Policy (not bypassed: axe is
    injected with ``page.evaluate``, which the policy does not govern)."""
    return browser.new_page(**options)


@pytest.fixture(autouse=True)
def quiet_console(browser: WatchedBrowser) -> Iterator[None]:
    """Every page of each walk: no console message, no Content-Security-Policy violation."""
    browser.problems.clear()
    browser.error_pages.clear()
    yield
    assert browser.problems == [], "\n".join(browser.problems)


def sign_up_and_verify(site: Site, page: Any, email: str, shots: str = "") -> None:
    page.goto(site.url("/accounts/signup/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if shots:
        site.shot(page, f"{shots}-signup")
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    if shots:
        site.shot(page, f"{shots}-verify-sent")
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


def subscribe_monthly(page: Any) -> None:
    """On the pricing page: the first plan's monthly price through the (fake) Stripe Checkout."""
    expect = playwright_api.expect
    with page.expect_response(lambda response: "/checkout/" in response.url and response.status == 303) as sent:
        page.get_by_role("button", name=re.compile("subscribe monthly", re.I)).first.click()
    # Our checkout view redirected to the (fake) Stripe Checkout URL it was given ...
    assert re.match(r"http://127\.0\.0\.1:\d+/", sent.value.headers["location"]), sent.value.headers["location"]
    # ... whose hosted page "pays", delivers the signed webhooks to our webhook URL and returns here.
    expect(page).to_have_url(re.compile("/billing/"))
    expect(page.get_by_text(re.compile("active", re.I)).first).to_be_visible()


def create_team(page: Any, site: Site, name: str) -> str:
    """A new team; returns its slug."""
    page.goto(site.url("/teams/create/"))
    page.get_by_label("Team name").fill(name)
    page.get_by_role("button", name="Create team").click()
    slug = re.search(r"/teams/([^/]+)/", page.url)
    assert slug, page.url
    return slug.group(1)


def test_home_signup_verify_login_dashboard_totp(site: Site, browser: WatchedBrowser) -> None:
    expect = playwright_api.expect
    page = new_page(browser)
    page.goto(site.url("/"))
    expect(page).to_have_title(re.compile(".+"))
    site.shot(page, "01-home")

    email = "walker@example.com"
    sign_up_and_verify(site, page, email, shots="02")
    page.goto(site.url("/dashboard/"))
    expect(page).to_have_url(re.compile("/dashboard/$"))
    site.shot(page, "03-dashboard")
    log_out(site, page)
    page.goto(site.url("/accounts/login/"))
    site.shot(page, "03-login")
    log_in(site, page, email)
    expect(page).to_have_url(re.compile("/dashboard/$"))
    for path, name in (
        ("/accounts/profile/", "03-profile"),
        ("/accounts/2fa/", "03-security"),
        ("/accounts/email/", "03-email"),
    ):
        page.goto(site.url(path))
        site.shot(page, name)

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
    browser.error_pages.add(site.url("/no-such-page/"))
    page.goto(site.url("/no-such-page/"))
    site.shot(page, "07-not-found")
    page.close()
    site.assert_clean()


def test_team_invitation_accepted_in_a_second_browser(site: Site, browser: WatchedBrowser) -> None:
    expect = playwright_api.expect
    owner = new_page(browser)
    sign_up_and_verify(site, owner, "owner@example.com")
    owner.goto(site.url("/teams/"))
    site.shot(owner, "09-no-teams")
    owner.goto(site.url("/teams/create/"))
    site.shot(owner, "09-create-team")
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
    invitee = new_page(browser)
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

    # A refused role action: the invitee (a member) may not manage invitations; the 403 page says why.
    browser.error_pages.add(site.url(f"/teams/{slug.group(1)}/invitations/"))
    invitee.goto(site.url(f"/teams/{slug.group(1)}/invitations/"))
    expect(invitee.get_by_text(re.compile("does not allow this"))).to_be_visible()
    site.shot(invitee, "15-refused")

    # Remove asks in a dialog: Cancel changes nothing, confirming removes.
    remove = owner.get_by_role("button", name="Remove invitee@example.com")
    remove.click()
    dialog = owner.get_by_role("dialog")
    expect(dialog).to_be_visible()
    site.shot(owner, "16-remove-dialog")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    owner.reload()
    expect(owner.get_by_role("cell", name="invitee@example.com", exact=True)).to_be_visible()
    owner.get_by_role("button", name="Remove invitee@example.com").click()
    owner.get_by_role("dialog").get_by_role("button", name="Remove member").click()
    expect(owner.get_by_text("invitee@example.com was removed.")).to_be_visible()
    expect(owner.get_by_role("cell", name="invitee@example.com", exact=True)).to_have_count(0)
    site.assert_clean()


def test_pricing_checkout_webhook_billing_page(site: Site, browser: Any) -> None:
    expect = playwright_api.expect
    page = new_page(browser)
    sign_up_and_verify(site, page, "payer@example.com")
    page.goto(site.url("/billing/"))
    site.shot(page, "19-billing-empty")
    page.goto(site.url("/billing/pricing/"))
    site.shot(page, "20-pricing")
    # The period switch: yearly prices replace the monthly ones.
    page.get_by_label("Yearly").check()
    expect(page.get_by_role("button", name=re.compile("subscribe yearly", re.I)).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("subscribe monthly", re.I)).first).to_be_hidden()
    site.shot(page, "20-pricing-yearly")
    page.get_by_label("Monthly").check()
    subscribe_monthly(page)
    site.shot(page, "21-billing-page")
    site.assert_clean()


def test_phone_width_menu_and_no_js_confirmation(site: Site, browser: Any) -> None:
    """At 390 px: every page fits the screen and the menu button opens the navigation. Without
    JavaScript, Delete team answers with a confirmation page and acts only when confirmed."""
    expect = playwright_api.expect
    page = new_page(browser, viewport=PHONE)
    for path, name in (
        ("/", "30-phone-home"),
        ("/billing/pricing/", "30-phone-pricing"),
        ("/accounts/login/", "30-phone-login"),
    ):
        page.goto(site.url(path))
        site.shot(page, name)
    sign_up_and_verify(site, page, "phone@example.com", shots="31-phone")
    page.goto(site.url("/dashboard/"))
    menu = page.get_by_role("button", name="Menu", exact=True)
    teams_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams", exact=True)
    expect(menu).to_be_visible()
    expect(teams_link).to_be_hidden()
    site.shot(page, "32-phone-dashboard")
    menu.click()
    expect(teams_link).to_be_visible()
    site.shot(page, "32-phone-menu-open")
    teams_link.click()
    site.shot(page, "33-phone-teams")
    page.goto(site.url("/teams/create/"))
    page.get_by_label("Team name").fill("Pocket Crew")
    page.get_by_role("button", name="Create team").click()
    slug = re.search(r"/teams/([^/]+)/", page.url)
    assert slug, page.url
    site.shot(page, "34-phone-team")
    page.goto(site.url(f"/teams/{slug.group(1)}/invitations/"))
    page.get_by_label("Email address").fill("friend@example.com")
    page.get_by_role("button", name="Send invitation").click()
    site.shot(page, "35-phone-invitations")
    for path, name in (
        (f"/teams/{slug.group(1)}/members/", "36-phone-members"),
        ("/billing/", "37-phone-billing"),
        ("/billing/pricing/", "37-phone-pricing-logged-in"),
        ("/accounts/profile/", "38-phone-profile"),
        ("/accounts/2fa/", "38-phone-security"),
    ):
        page.goto(site.url(path))
        site.shot(page, name)

    # Without JavaScript: the first click on Delete team shows a confirmation page, nothing is deleted.
    cookies = page.context.cookies()
    no_js = browser.new_context(java_script_enabled=False, viewport=PHONE)
    no_js.add_cookies(cookies)
    plain = no_js.new_page()
    plain.goto(site.url(f"/teams/{slug.group(1)}/"))
    plain.get_by_role("button", name="Delete team").click()
    expect(plain.get_by_role("heading", name="Delete Pocket Crew?")).to_be_visible()
    plain.goto(site.url("/teams/"))
    expect(plain.get_by_role("link", name="Pocket Crew")).to_be_visible()  # still there
    plain.goto(site.url(f"/teams/{slug.group(1)}/"))
    plain.get_by_role("button", name="Delete team").click()
    plain.get_by_role("button", name="Delete team").click()  # the confirmation page's button
    expect(plain.get_by_text("Team Pocket Crew deleted.")).to_be_visible()
    no_js.close()

    # With JavaScript: Leave team opens the dialog; the confirmation page (a form sent without the
    # dialog, as without JavaScript) is audited too.
    page.goto(site.url("/teams/create/"))
    page.get_by_label("Team name").fill("Second Crew")
    page.get_by_role("button", name="Create team").click()
    page.get_by_role("button", name="Leave team").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    site.shot(page, "39-phone-leave-dialog")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.evaluate("() => document.querySelector('form.js-confirm[action$=\"/leave/\"]').submit()")
    expect(page.get_by_role("heading", name="Leave Second Crew?")).to_be_visible()
    site.shot(page, "39-phone-confirm-page")
    site.assert_clean()


def test_htmx_theme_every_page_and_its_interactions(htmx_site: Site, browser: WatchedBrowser) -> None:
    """The htmx theme: every page logged out and logged in (axe, 390 px, console), then what htmx adds:
    the dashboard's status panel refreshes in place, and an htmx POST carries the CSRF token."""
    expect = playwright_api.expect
    site = htmx_site
    page = new_page(browser)
    browser.error_pages.add(site.url("/no-such-page/"))
    for path, name in (
        ("/", "01-home"),
        ("/billing/pricing/", "02-pricing"),
        ("/accounts/login/", "03-login"),
        ("/accounts/password/reset/", "03-password-reset"),
        ("/no-such-page/", "04-not-found"),
    ):
        page.goto(site.url(path))
        site.shot(page, name)
    sign_up_and_verify(site, page, "htmx@example.com", shots="05")
    slug = create_team(page, site, "Htmx Crew")
    site.shot(page, "06-team")
    page.goto(site.url(f"/teams/{slug}/invitations/"))
    page.get_by_label("Email address").fill("friend@example.com")
    page.get_by_role("button", name="Send invitation").click()
    site.shot(page, "07-invitations")
    for path, name in (
        ("/teams/", "08-teams"),
        ("/teams/create/", "08-create-team"),
        (f"/teams/{slug}/members/", "09-members"),
        ("/billing/", "10-billing"),
        ("/billing/pricing/", "10-pricing-logged-in"),
        ("/accounts/profile/", "11-profile"),
        ("/accounts/2fa/", "11-security"),
        ("/accounts/email/", "11-email"),
        ("/accounts/password/change/", "11-password"),
        ("/dashboard/", "12-dashboard"),
    ):
        page.goto(site.url(path))
        site.shot(page, name)

    # The status panel: htmx fetches the partial and swaps it in place; the page is not reloaded.
    assert page.evaluate("() => typeof htmx") == "object", "htmx is not loaded on the htmx theme's pages"
    page.evaluate("() => { window.qsNotReloaded = true; }")
    with page.expect_response(lambda response: response.url.endswith("/dashboard/status/")) as answered:
        page.get_by_role("link", name="Refresh").click()
    assert answered.value.status == 200
    assert answered.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#status .badge-success")).to_have_text("reachable")
    expect(page.locator("#status")).to_have_count(1)  # outerHTML: replaced, not nested
    expect(page).to_have_url(re.compile("/dashboard/$"))
    assert page.evaluate("() => window.qsNotReloaded === true"), "Refresh reloaded the page instead of swapping"
    site.shot(page, "12-dashboard-refreshed")

    # An htmx POST carries the CSRF token (htmx-setup.js): signing out through htmx works, and
    # without the token Django would answer 403 (a console error the watch reports).
    with page.expect_response(
        lambda response: response.url.endswith("/accounts/logout/") and response.request.method == "POST"
    ) as signed_out:
        page.evaluate("() => htmx.ajax('POST', '/accounts/logout/', {target: '#status', swap: 'none'})")
    assert signed_out.value.status in (200, 302), signed_out.value.status
    assert signed_out.value.request.headers.get("x-csrftoken"), "htmx sent no X-CSRFToken header"
    page.goto(site.url("/dashboard/"))
    expect(page).to_have_url(re.compile("/accounts/login/"))
    site.shot(page, "13-signed-out")

    # At 390 px the menu button opens the navigation here too.
    phone = new_page(browser, viewport=PHONE)
    phone.goto(site.url("/"))
    menu = phone.get_by_role("button", name="Menu", exact=True)
    expect(menu).to_be_visible()
    menu.click()
    expect(phone.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
    site.shot(phone, "14-phone-menu-open")
    page.close()
    phone.close()
    site.assert_clean()


#: The key pages the docs show under both brands: (path, name).
BRAND_PAGES = (("/", "home"), ("/billing/pricing/", "pricing"), ("members", "team-members"), ("/billing/", "billing"))


def test_two_brands_from_the_projects_own_stylesheet(htmx_site: Site, browser: WatchedBrowser, artifacts: Path) -> None:
    """The same pages under the default tokens and under docs/theming.md's override written into the
    generated project's static/css/site.css (nothing in the wheels changes), light and dark."""
    site = htmx_site
    page = new_page(browser)
    sign_up_and_verify(site, page, "brand@example.com")
    slug = create_team(page, site, "Rocket Crew")
    page.goto(site.url(f"/teams/{slug}/invitations/"))
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_role("button", name="Send invitation").click()
    accept = site.link_in_last_mail("ada@example.com", r"/teams/")
    member = new_page(browser)
    sign_up_and_verify(site, member, "ada@example.com")
    member.goto(accept)
    button = member.get_by_role("button", name=re.compile("accept", re.I))
    if button.count():
        button.click()
    member.close()
    page.goto(site.url(f"/teams/{slug}/members/"))
    playwright_api.expect(page.get_by_role("cell", name="ada@example.com", exact=True)).to_be_visible()
    page.goto(site.url("/billing/pricing/"))
    subscribe_monthly(page)
    override = documented_brand()
    brand = re.search(r"--qs-color-brand:\s*(#[0-9a-fA-F]{6})", override)
    assert brand, "the documented override sets no --qs-color-brand"
    read_brand = "() => getComputedStyle(document.documentElement).getPropertyValue('--qs-color-brand').trim()"
    # The last test on this site: the override stays (restyle("") would put the stylesheet back).
    for label, css in (("default", ""), ("custom", override)):
        if css:
            site.restyle(css)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for path, name in BRAND_PAGES:
                page.goto(site.url(f"/teams/{slug}/members/" if path == "members" else path))
                if label == "custom" and scheme == "light":
                    assert page.evaluate(read_brand).lower() == brand.group(1).lower()
                # Dark mode at 1280 px only: the layout is the light one's, the contrast is what is checked.
                site.shot(page, name, folder=artifacts / "brands" / label / scheme, both_widths=scheme == "light")
    page.close()
    site.assert_clean()
