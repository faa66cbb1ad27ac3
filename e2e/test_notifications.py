"""Notifications end to end: a project with auth, teams and notifications (htmx theme) on PostgreSQL,
the database task backend and a real worker, walked in Chromium.

An invitation reaches the invitee's inbox (through the worker) and mailbox, the bell's count changes by
itself (htmx polling), and the one-click unsubscribe link of a notification email works in the browser.
A sign-in from another browser (not the one that signed up) is told in the inbox and by email, once.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.harness import SECRET, Project, installed_project
from e2e.postgres import Postgres, free_port
from e2e.server import gunicorn, stop
from e2e.test_walk import CHROMIUM, CHROMIUM_ARGS, Site, log_in, log_out, sign_up_and_verify

playwright_api = pytest.importorskip("playwright.sync_api")
NAME = "notify_site"
MODULES = "auth,teams,notifications"


@pytest.fixture(scope="module")
def site(
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[tuple[Site, Project, dict[str, str]]]:
    workdir = tmp_path_factory.mktemp("notify")
    project = installed_project(quickscale, workdir, NAME, MODULES, "htmx", wheels=wheels, constraints=constraints)
    path, python = project.path, project.python
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    port = free_port()
    env = {
        **project.env_example(),
        "DATABASE_URL": postgres.create_database(NAME, template=migrated.get(MODULES)),
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "TASKS_BACKEND": "database",
        "QUICKSCALE_TEAMS_SITE_URL": f"http://localhost:{port}",
        "QUICKSCALE_NOTIFICATIONS_SITE_URL": f"http://localhost:{port}",
        "PATH": f"{python.parent}:/usr/bin:/bin",
    }
    project.manage("migrate", "--noinput", env=env)
    project.manage("collectstatic", "--noinput", env=env)
    shots = artifacts / "notifications"
    shots.mkdir(parents=True, exist_ok=True)
    worker_args = [str(python), "manage.py", "db_worker", "--interval", "0.5"]
    with (artifacts / "notify-worker.log").open("w") as worker_log:
        worker = subprocess.Popen(worker_args, cwd=path, env=env, stdout=worker_log, stderr=subprocess.STDOUT)
        try:
            with gunicorn(path, python, NAME, env, artifacts / "notify-gunicorn.log", port=port) as server:
                yield Site(server.url, mail_dir, shots), project, env
        finally:
            stop(worker, False)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_invitation_reaches_inbox_bell_mailbox_and_unsubscribe_works(
    site: tuple[Site, Project, dict[str, str]], chromium: Any
) -> None:
    expect = playwright_api.expect
    web, project, env = site
    owner, invitee = chromium.new_context().new_page(), chromium.new_context().new_page()
    sign_up_and_verify(web, owner, "owner@example.com")
    sign_up_and_verify(web, invitee, "invitee@example.com")
    invitee.goto(web.url("/dashboard/"))
    bell = invitee.locator("#notification-bell")
    expect(bell).to_be_visible()
    expect(invitee.locator(".bell-count")).to_have_count(0)

    owner.goto(web.url("/teams/create/"))
    owner.get_by_label("Team name").fill("Acme")
    owner.get_by_role("button", name=re.compile("create", re.I)).click()
    owner.goto(owner.url.rstrip("/") + "/invitations/")
    owner.get_by_label("Email address").fill("invitee@example.com")
    owner.get_by_role("button", name="Send invitation").click()

    # The worker delivers; the htmx theme's bell polls and shows the count without a reload.
    expect(invitee.locator(".bell-count")).to_have_text(re.compile(r"^\s*1"), timeout=45_000)
    invitee.screenshot(path=str(web.shots / "bell.png"))
    invitee.goto(web.url("/notifications/"))
    expect(invitee.get_by_text("You are invited to join Acme")).to_be_visible()
    invitee.screenshot(path=str(web.shots / "inbox.png"), full_page=True)

    accept = web.link_in_last_mail("invitee@example.com", r"/teams/invitations/", timeout=30)
    invitee.goto(accept)
    invitee.get_by_role("button", name="Accept invitation").click()

    # The owner hears of the new member in the daily digest, sent by the worker with an unsubscribe link.
    before = len(web.mails_to("owner@example.com"))
    deadline = time.monotonic() + 60
    while len(web.mails_to("owner@example.com")) == before and time.monotonic() < deadline:
        project.manage("notifications_digest", env=env)  # enqueues nothing until the join is delivered
        time.sleep(2)
    link = web.link_in_last_mail("owner@example.com", r"/notifications/unsubscribe/", timeout=30)
    digest = web.mails_to("owner@example.com")[-1]
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in digest
    owner.goto(link)
    owner.get_by_role("button", name="Unsubscribe").click()
    expect(owner.get_by_text("You are unsubscribed")).to_be_visible()
    owner.screenshot(path=str(web.shots / "unsubscribed.png"))
    owner.goto(link)
    expect(owner.get_by_text("This unsubscribe link does not work")).to_be_visible()
    owner.goto(web.url("/notifications/preferences/"))
    joined = owner.get_by_label(re.compile("Someone joined your team by email"))
    expect(joined).to_have_value("off")


def test_sign_in_from_a_new_browser_is_told_once(site: tuple[Site, Project, dict[str, str]], chromium: Any) -> None:
    expect = playwright_api.expect
    web, _, _ = site
    first = chromium.new_context().new_page()
    sign_up_and_verify(web, first, "traveller@example.com")  # the first sign-in: nothing to tell
    log_out(web, first)  # the browser keeps its device cookie
    log_in(web, first, "traveller@example.com")
    expect(first).to_have_url(re.compile("/dashboard/$"))

    other = chromium.new_context().new_page()
    log_in(web, other, "traveller@example.com")
    expect(other).to_have_url(re.compile("/dashboard/$"))
    expect(other.locator(".bell-count")).to_have_text(re.compile(r"^\s*1"), timeout=45_000)
    other.goto(web.url("/notifications/"))
    expect(other.get_by_text("New sign-in to your account")).to_be_visible()
    deadline = time.monotonic() + 30
    while not any("New sign-in" in mail for mail in web.mails_to("traveller@example.com")):
        assert time.monotonic() < deadline, "no new sign-in email reached the mailbox"
        time.sleep(0.5)
    assert sum("New sign-in" in mail for mail in web.mails_to("traveller@example.com")) == 1
