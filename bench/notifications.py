"""Notifications: the cost of notifying a team of 500, and inbox queries at 5 vs 500 notifications.

Run with ``nox -s bench-notifications`` (or ``python bench/notifications.py`` where the packages are
installed). In-process, on SQLite in memory (``QS_BENCH_DATABASE_URL`` for another database), with the
teams module: a team of 500 members is notified of one event twice, once with delivery enqueued for a
worker (what the request pays) and once with the immediate backend (request + every delivery). Prints
one JSON object and writes bench/results/notifications.json. Targets are query counts (constant inbox
queries); times are reported, never used as targets.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "notifications.json"
MEMBERS = 500

SETTINGS = """
from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules
from quickscale_core.settings.environment import env

DATABASES = {"default": env.db("QS_BENCH_DATABASE_URL", default="sqlite://:memory:")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "allauth", "allauth.account"]
MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]
apply_modules(globals(), "quickscale_core.api", "quickscale_modules.teams", "quickscale_modules.notifications")
ROOT_URLCONF = "qs_bench_notifications_urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""
URLS = """
from django.urls import include, path

urlpatterns = [path("notifications/", include("quickscale_modules.notifications.urls"))]
"""


def setup(folder: Path) -> None:
    (folder / "qs_bench_notifications_settings.py").write_text(SETTINGS)
    (folder / "qs_bench_notifications_urls.py").write_text(URLS)
    sys.path.insert(0, str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "qs_bench_notifications_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)


def measure(action: Any) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        action()
        seconds = time.perf_counter() - started
    return len(queries), seconds


def main() -> dict[str, Any]:
    import tempfile
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic here

    folder = Path(tempfile.mkdtemp(prefix="qs-bench-notifications-"))
    setup(folder)
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client, override_settings

    from quickscale_modules.notifications import services
    from quickscale_modules.notifications.models import Notification
    from quickscale_modules.teams.models import Membership, Team

    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"m{i}", email=f"m{i}@example.com") for i in range(MEMBERS)
    )
    users = list(get_user_model().objects.order_by("pk"))
    team = Team.objects.create(name="Bench", slug="bench")
    Membership.objects.bulk_create(
        Membership(team=team, user=user, role="owner" if i == 0 else "member") for i, user in enumerate(users)
    )
    context = {"team": "Bench", "member": "new@example.com", "role": "member"}

    def notify_team() -> None:
        with transaction.atomic():
            services.notify(kind="teams.member_joined", team=team, context=context)

    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    try:
        import django.tasks  # noqa: F401
    except ImportError:  # Django 5.2: the backport
        dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        enqueue_queries, enqueue_seconds = measure(notify_team)
    immediate_queries, immediate_seconds = measure(notify_team)
    delivered = Notification.objects.count()

    reader = users[1]
    client = Client()
    client.force_login(reader)
    inbox = {}
    for size in (5, 500):
        Notification.objects.filter(recipient=reader).delete()
        Notification.objects.bulk_create(
            Notification(recipient=reader, kind="teams.member_joined", title=f"N{i}", body="b", url="/x/")
            for i in range(size)
        )
        client.get("/notifications/")  # warm the session and caches
        runs = [measure(lambda: client.get("/notifications/")) for _ in range(7)]
        inbox[size] = {"queries": runs[0][0], "median_seconds": round(statistics.median(t for _q, t in runs), 4)}
    results = {
        "members": MEMBERS,
        "notify_enqueue_only": {"queries": enqueue_queries, "seconds": round(enqueue_seconds, 3)},
        "notify_with_immediate_delivery": {
            "queries": immediate_queries,
            "seconds": round(immediate_seconds, 3),
            "queries_per_recipient": round(immediate_queries / MEMBERS, 2),
            "notifications_stored": delivered,
        },
        "inbox_page": inbox,
        "target": "inbox queries equal at 5 and 500 notifications",
        "met": inbox[5]["queries"] == inbox[500]["queries"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    outcome = main()
    print(json.dumps(outcome, indent=2))
    sys.exit(0 if outcome["met"] else 1)
