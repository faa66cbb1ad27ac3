"""The react theme end to end: ``quickscale init --theme react`` with every module and with auth alone,
the front end's own checks and build, the schema drift checks, and the all-modules project walked in
Debian's Chromium under gunicorn with production settings on PostgreSQL.

The walk is the html walk's journey through the single-page app: sign up -> verify (the link of the mail)
-> TOTP -> a team -> an invitation accepted in a second browser context -> Checkout on the local Stripe
stand-in -> the billing page shows the plan; axe-core on every page it shows (no critical or serious
finding). The isolation guarantees hold through the app's own API calls: a user of another team gets
404 from the same endpoints, in the browser, with the session and CSRF token the app uses.

``node_modules`` is installed once per package-lock hash into ``.cache/react-node-modules/`` and linked
into every project (e2e/node.py), npm's cache is ``.cache/npm``: a second run does not run ``npm ci``.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from e2e.harness import SECRET, Project, install, installed_project, run
from e2e.node import node_modules_for
from e2e.postgres import Postgres, free_port
from e2e.server import background, gunicorn
from e2e.test_walk import CHROMIUM, CHROMIUM_ARGS, PASSWORD, REPORT_VIOLATIONS, Site, axe_source
from e2e.totp import totp

playwright_api = pytest.importorskip("playwright.sync_api")
ALL_MODULES = "auth,teams,billing,notifications"
#: The front end's checks, in the order of the generated CI (contract: these npm scripts exist).
NPM_CHECKS = (("run", "typecheck"), ("run", "lint"), ("test",), ("run", "api:check"), ("run", "build"))
#: What the app asks the API before anyone signs in: Chromium logs the 401 answer as a console error.
EXPECTED_401 = re.compile(r"/accounts/_allauth/browser/v1/auth/session$")

__all__ = ["axe_source"]  # a fixture of test_walk, used here
#: Failures the walk reports at its end but walks past, to show what else fails.
PROBLEMS: list[str] = []


def front_end_checks(project: Project) -> dict[str, float]:
    """npm's checks and the build of ``frontend/``, then the Python side of the drift check; seconds each."""
    frontend = project.path / "frontend"
    timings = {}
    started = time.perf_counter()
    node_modules_for(frontend)
    timings["node_modules"] = time.perf_counter() - started
    for args in NPM_CHECKS:
        started = time.perf_counter()
        run(["npm", *args], cwd=frontend, timeout=600)
        timings[" ".join(args)] = time.perf_counter() - started
    assert (frontend / "dist" / ".vite" / "manifest.json").is_file()
    project.manage("api_schema", "--check", "frontend/openapi.json")
    return timings


@pytest.mark.parametrize("modules", ["auth", ALL_MODULES], ids=["auth", "all"])
def test_react_project_checks_build_and_tests(
    modules: str,
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    name = "react_" + ("all" if modules == ALL_MODULES else "auth")
    workdir = tmp_path_factory.mktemp(name)
    project = installed_project(quickscale, workdir, name, modules, "react", wheels=wheels, constraints=constraints)
    frontend = project.path / "frontend"
    chosen = modules.split(",")
    for module in ("teams", "billing", "notifications"):
        assert (frontend / "src" / "modules" / module).is_dir() == (module in chosen)

    timings = front_end_checks(project)
    print(name, json.dumps({key: round(value, 1) for key, value in timings.items()}))

    # The schema check fails when the API and openapi.json part: a changed schema is caught.
    schema = json.loads((frontend / "openapi.json").read_text())
    schema["paths"].pop(next(iter(schema["paths"])))
    (frontend / "openapi.json").write_text(json.dumps(schema))
    drifted = run(
        [project.python, "manage.py", "api_schema", "--check", "frontend/openapi.json"], cwd=project.path, check=False
    )
    assert drifted.returncode == 1
    assert "differs from the project's API schema" in drifted.stderr
    types_drift = run(["npm", "run", "api:check"], cwd=frontend, check=False)
    assert types_drift.returncode != 0, "npm run api:check passed with types that no longer match openapi.json"
    project.manage("api_schema", "frontend/openapi.json")

    # The project's own tests (SQLite), the shell among them, and its type check: the dev extra's tools.
    install(project.python, "-e", ".[dev]", wheels=wheels, constraints=constraints, cwd=project.path)
    project.tool("pytest", "-q", "-p", "no:cacheprovider")
    project.tool("mypy", ".")  # the generated CI's type check (the shell view, settings)


class Browser:
    """Chromium whose pages report console messages and CSP violations (the app's expected 401s aside)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.problems: list[str] = []

    def new_page(self) -> Any:
        context = self.browser.new_context()
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on("console", self.console)
        page.on("response", self.response)
        return page

    def console(self, message: Any) -> None:
        url = message.location.get("url", "")
        if message.type in ("verbose", "debug") or url.endswith("/favicon.ico"):
            return
        if message.text.startswith("Failed to load resource: the server responded with a status of 40"):
            return  # judged by response() from the request's URL
        self.problems.append(f"{message.type}: {message.text} ({url})")

    def response(self, response: Any) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.request.method} {response.url}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield Browser(chromium)
        chromium.close()


@pytest.fixture(scope="module")
def site(
    axe_source: str,
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Site]:
    """The all-modules react project built and served by gunicorn (production settings), with the Stripe stand-in."""
    name = "react_walk"
    workdir = tmp_path_factory.mktemp(name)
    project = installed_project(quickscale, workdir, name, ALL_MODULES, "react", wheels=wheels, constraints=constraints)
    node_modules_for(project.path / "frontend")
    run(["npm", "run", "build"], cwd=project.path / "frontend", timeout=600)
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    port, stripe_port = free_port(), free_port()
    env = {
        **project.env_example(),
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{name}.settings.production",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "TASKS_BACKEND": "immediate",
        "STRIPE_API_HOST": f"http://127.0.0.1:{stripe_port}",
        "STRIPE_WEBHOOK_SECRET": "whsec_e2e_react_secret",
        "STRIPE_SECRET_KEY": "sk_test_" + "e2eReact" * 4,
        "STRIPE_PUBLIC_KEY": "pk_test_" + "e2eReact" * 4,
        "QUICKSCALE_TEAMS_SITE_URL": f"http://localhost:{port}",
        "QUICKSCALE_NOTIFICATIONS_SITE_URL": f"http://localhost:{port}",
        "PATH": f"{project.python.parent}:/usr/bin:/bin",
    }
    if ALL_MODULES not in migrated:
        clean = f"{name}_migrated"
        project.manage("migrate", "--noinput", env={**env, "DATABASE_URL": postgres.create_database(clean)})
        migrated[ALL_MODULES] = clean
    env["DATABASE_URL"] = postgres.create_database(name, template=migrated[ALL_MODULES])
    project.manage("migrate", "--noinput", env=env)
    deploy = run([project.python, "manage.py", "check", "--deploy"], cwd=project.path, env=env, check=False)
    assert "quickscale_core.E030" not in deploy.stderr, deploy.stderr  # the built manifest is found
    project.manage("collectstatic", "--noinput", env=env)
    project.manage("quickscale_demo", env=env)  # the plans on the pricing page
    shots = artifacts / "browser" / "react"
    shots.mkdir(parents=True, exist_ok=True)
    fake_stripe = [
        str(project.python), "manage.py", "billing_stand_in", "--webhook-url", f"http://127.0.0.1:{port}/billing/webhook/",
    ]  # fmt: skip
    with (
        background(
            fake_stripe,
            project.path,
            env,
            artifacts / "fake-stripe-react.log",
            f"http://127.0.0.1:{stripe_port}/",
            accept_any_status=True,
        ),
        gunicorn(project.path, project.python, name, env, artifacts / "gunicorn-react.log", port=port) as server,
    ):
        yield Site(server.url, mail_dir, shots, axe_source)


def show(site: Site, page: Any, name: str, heading: str | re.Pattern[str] | None = None) -> None:
    """Wait for the page's ``<h1>`` (the app drew it), then screenshot and audit at both widths."""
    expect = playwright_api.expect
    h1 = page.get_by_role("heading", level=1, name=heading) if heading else page.get_by_role("heading", level=1)
    expect(h1.first).to_be_visible()
    site.shot(page, name)


def sign_up_and_verify(site: Site, page: Any, email: str, shots: str = "") -> None:
    """Sign up in the app, open the link of the verification mail, confirm: signed in afterwards."""
    expect = playwright_api.expect
    page.goto(site.url("/account/signup"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    again = page.get_by_label("Password (again)")
    if again.count():
        again.fill(PASSWORD)
    if shots:
        show(site, page, f"{shots}-signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/account/verify-email(\?|$)"))
    if shots:
        show(site, page, f"{shots}-verify-sent")
    link = site.link_in_last_mail(email, r"/account/verify-email/")
    page.goto(link)
    confirm = page.get_by_role("button", name=re.compile("^(confirm|verify)", re.I))
    try:
        expect(confirm).to_be_visible(timeout=20_000)  # the page first asks allauth about the key
    except AssertionError:  # a failure of the walk, reported at its end; verified through the API to walk on
        PROBLEMS.append(f"{page.url} still showed no Confirm button after 20 s")
        key = unquote(link.rstrip("/").rsplit("/", 1)[1])
        status, data = api(page, "POST", "/accounts/_allauth/browser/v1/auth/email/verify", {"key": key})
        assert status == 200, (status, data)
        page.goto(site.url("/dashboard"))
    else:
        if shots:
            show(site, page, f"{shots}-confirm")
        confirm.click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_be_visible()


def sign_in(site: Site, page: Any, email: str) -> None:
    page.goto(site.url("/account/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def confirm_it_is_you(page: Any, then: Any) -> None:
    """allauth asks for the password again before an MFA change: give it if asked, then expect ``then``."""
    expect = playwright_api.expect
    asked = page.get_by_role("region", name="Confirm it is you")
    expect(then.or_(asked).first).to_be_visible()
    if asked.count() and asked.is_visible():
        asked.get_by_label("Password").fill(PASSWORD)
        asked.get_by_role("button", name="Confirm").click()
    expect(then).to_be_visible()


def api(page: Any, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """A call as the app makes it: same origin, the session cookie, X-CSRFToken from the csrftoken cookie."""
    answer: dict[str, Any] = page.evaluate(
        """async ([method, path, body]) => {
          const token = (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "";
          const response = await fetch(path, {method, credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(token)},
            body: body === null ? undefined : JSON.stringify(body)});
          const text = await response.text();
          return {status: response.status, text};
        }""",
        [method, path, body],
    )
    try:
        data = json.loads(answer["text"]) if answer["text"] else None
    except ValueError:
        data = answer["text"]
    return answer["status"], data


@contextlib.contextmanager
def clean(site: Site, browser: Browser) -> Iterator[None]:
    browser.problems.clear()
    PROBLEMS.clear()
    try:
        yield
    except BaseException:
        print("browser problems so far:", *browser.problems, *PROBLEMS, sep="\n  ")
        raise
    found = browser.problems + PROBLEMS + site.findings  # site.findings: axe's critical/serious ones
    assert found == [], "\n".join(found)


def test_react_walk(site: Site, browser: Browser) -> None:
    """sign up -> verify -> TOTP -> team -> invitation accepted elsewhere -> Checkout -> billing; isolation."""
    expect = playwright_api.expect
    with clean(site, browser):
        page = browser.new_page()
        page.goto(site.url("/"))
        show(site, page, "01-home")
        email = "react-owner@example.com"
        sign_up_and_verify(site, page, email, shots="02")
        page.goto(site.url("/dashboard"))
        show(site, page, "03-dashboard")
        nav = page.get_by_role("navigation", name="Main")
        for label in ("Dashboard", "Teams", "Billing", "Notifications"):
            expect(nav.get_by_role("link", name=label, exact=True).first).to_be_visible()
        for path, name in (("/account/profile", "03-profile"), ("/account/email", "03-email")):
            page.goto(site.url(path))
            show(site, page, name)

        # TOTP: the secret the page shows, a code from it, then the recovery codes.
        page.goto(site.url("/account/2fa"))
        secret_shown = page.locator("code").filter(has_text=re.compile(r"^[A-Z2-7]{16,}$"))
        password = page.get_by_label("Password")
        expect(secret_shown.or_(password).first).to_be_visible()
        if password.count() and not secret_shown.count():  # allauth asks for the password before MFA changes
            password.fill(PASSWORD)
            page.get_by_role("button", name="Confirm").click()
        expect(secret_shown.first).to_be_visible()
        secret = secret_shown.first.inner_text().strip()
        show(site, page, "04-totp-activate")
        page.get_by_label("Code").fill(totp(secret))
        page.get_by_role("button", name="Activate").click()
        confirm_it_is_you(page, page.get_by_text(re.compile("recovery codes", re.I)).first)
        show(site, page, "05-totp-enabled")

        # Sign out, sign in: the app asks for a code.
        page.goto(site.url("/account/logout"))
        page.get_by_role("main").get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_have_count(0)
        time.sleep(30 - time.time() % 30 + 0.5)  # a fresh TOTP window: allauth refuses a code used once
        sign_in(site, page, email)
        expect(page).to_have_url(re.compile("/account/2fa/authenticate"))
        show(site, page, "06-totp-step")
        page.get_by_label("Code").fill(totp(secret))
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_be_visible()

        # A team and an invitation.
        page.goto(site.url("/teams/new"))
        show(site, page, "07-team-new")
        page.get_by_label("Team name").fill("React Crew")
        page.get_by_role("button", name="Create team").click()
        expect(page).to_have_url(re.compile(r"/teams/(?!new$)[^/]+$"))
        slug = page.url.rstrip("/").rsplit("/", 1)[1]
        show(site, page, "08-team")
        page.goto(site.url(f"/teams/{slug}/invitations"))
        show(site, page, "09-invitations")
        page.get_by_label("Email").fill("react-invitee@example.com")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("cell", name="react-invitee@example.com").first).to_be_visible()
        accept = site.link_in_last_mail("react-invitee@example.com", r"/teams/invitations/")
        assert re.search(r"/teams/invitations/[^/]+$", accept), f"the invitation links to {accept}, not the app's page"

        # Accepted in a second browser context: sign up there, then the link.
        invitee = browser.new_page()
        sign_up_and_verify(site, invitee, "react-invitee@example.com")
        invitee.goto(accept)
        show(site, invitee, "10-accept")
        invitee.get_by_role("button", name="Accept invitation").click()
        expect(invitee).to_have_url(re.compile(r"/teams(/(?!invitations/)[^/]+)?$"))  # the team, or the list
        expect(invitee.get_by_text("React Crew").first).to_be_visible()
        page.goto(site.url(f"/teams/{slug}/members"))
        expect(page.get_by_role("cell", name="react-invitee@example.com").first).to_be_visible()
        show(site, page, "11-members")

        # The owner's bell counts what is unread (the acceptance notifies the team's admins).
        page.goto(site.url("/notifications"))
        show(site, page, "12-notifications")
        bell = page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread"))
        expect(bell.or_(page.get_by_role("link", name="Notifications", exact=True)).first).to_be_visible()

        # Checkout on the Stripe stand-in; back on the app's success page, then the billing page.
        page.goto(site.url("/pricing"))
        show(site, page, "13-pricing")
        page.get_by_role("button", name=re.compile("^Subscribe", re.I)).first.click()
        expect(page).to_have_url(re.compile(r"/billing/success"), timeout=30_000)
        show(site, page, "14-billing-success")
        page.goto(site.url("/billing"))
        expect(page.get_by_text(re.compile("active", re.I)).first).to_be_visible(timeout=15_000)
        expect(page.get_by_role("button", name="Manage billing")).to_be_visible()
        show(site, page, "15-billing")

        # Isolation through the app's API calls: a stranger's session cannot see or change the team.
        stranger = browser.new_page()
        sign_up_and_verify(site, stranger, "react-stranger@example.com")
        for method, path, body in (
            ("GET", f"/api/teams/{slug}/", None),
            ("GET", f"/api/teams/{slug}/members/", None),
            ("GET", f"/api/teams/{slug}/invitations/", None),
            ("PATCH", f"/api/teams/{slug}/", {"name": "Taken over"}),
            ("POST", f"/api/teams/{slug}/invitations/", {"email": "spy@example.com", "role": "admin"}),
        ):
            status, data = api(stranger, method, path, body)
            assert status == 404, (method, path, status, data)
        status, teams = api(stranger, "GET", "/api/teams/")
        assert status == 200
        assert slug not in json.dumps(teams)
        stranger.goto(site.url(f"/teams/{slug}"))
        expect(stranger.get_by_role("alert").first).to_be_visible()
        show(site, stranger, "16-stranger-refused")
        # The invitee, a member, may not manage invitations: 403 from the API the app calls.
        status, data = api(
            invitee, "POST", f"/api/teams/{slug}/invitations/", {"email": "x@example.com", "role": "member"}
        )
        assert status == 403, (status, data)
        assert api(page, "GET", f"/api/teams/{slug}/")[0] == 200
