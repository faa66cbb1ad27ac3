"""Each page's time in-process, split into database, templates and the rest; optionally under cProfile.

Far less noisy than wrk on a shared machine: Django's test client in a loop, no server, no network. Run in a
project with the all-modules demo data (``manage.py quickscale_demo``), DEBUG off, production settings::

    python manage.py shell -c "$(cat bench/profile_pages.py)"                  # every page
    QS_PROFILE=email python manage.py shell -c "$(cat bench/profile_pages.py)"  # and cProfile of one page

Prints, per page, the median time per request and how much of it ran SQL (the driver's execute) and
rendered templates (the top-level ``Template.render``, which includes the ORM queries a template evaluates).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.template import base as template_base
from django.test import Client

RUNS = int(os.environ.get("QS_PROFILE_RUNS", "200"))


def pages() -> dict[str, tuple[str, bool]]:
    from quickscale_modules.teams.models import Team

    slug = Team.objects.get(name="Demo Team").slug
    return {
        "home": ("/", False),
        "login": ("/accounts/login/", False),
        "dashboard": ("/dashboard/", True),
        "teams list": ("/teams/", True),
        "team members": (f"/teams/{slug}/members/", True),
        "billing": ("/billing/", True),
        "profile": ("/accounts/profile/", True),
        "email": ("/accounts/email/", True),
        "2FA": ("/accounts/2fa/", True),
        "API list": ("/api/teams/", True),
    }


class Split:
    """Time spent in SQL and in top-level template renders during one request."""

    def __init__(self) -> None:
        self.sql = self.templates = 0.0
        self.depth = 0
        self.original: Callable[..., Any] = template_base.Template.render

    def execute(self, execute: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            self.sql += time.perf_counter() - started

    def render(self, template: Any, context: Any) -> Any:
        self.depth += 1
        started = time.perf_counter()
        try:
            return self.original(template, context)
        finally:
            self.depth -= 1
            if not self.depth:
                self.templates += time.perf_counter() - started


def main() -> None:
    user = get_user_model().objects.get(email="demo@example.com")
    anonymous, member = Client(), Client()
    member.force_login(user)
    split = Split()
    template_base.Template.render = lambda template, context: split.render(template, context)  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(split.execute):
            for name, (path, logged_in) in pages().items():
                client = member if logged_in else anonymous
                for _ in range(20):
                    status = client.get(path).status_code
                    if status != 200:
                        raise RuntimeError(f"{path} answered {status}, not 200")
                totals, sql, templates = [], [], []
                for _ in range(RUNS):
                    split.sql = split.templates = 0.0
                    started = time.perf_counter()
                    client.get(path)
                    totals.append(time.perf_counter() - started)
                    sql.append(split.sql)
                    templates.append(split.templates)
                total, db, rendered = (statistics.median(values) * 1000 for values in (totals, sql, templates))
                print(
                    f"{name:14} {total:6.2f} ms  SQL {db:5.2f}  templates {rendered:5.2f}"
                    f"  rest {total - db - rendered:5.2f}"
                )
                if os.environ.get("QS_PROFILE") == name:
                    profile = cProfile.Profile()
                    profile.enable()
                    for _ in range(100):
                        client.get(path)
                    profile.disable()
                    pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
    finally:
        template_base.Template.render = split.original  # type: ignore[method-assign]


main()
