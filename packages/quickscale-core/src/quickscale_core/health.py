"""The health checks behind a project's ``/healthz`` (liveness) and ``/readyz`` (readiness).

``/healthz``: the database answers and is migrated. ``/readyz``: that, and the cache and the task
queue answer too (a web or worker process that cannot reach them should get no traffic).

A generated project routes ``path("healthz", healthz, name="healthz")``; the logic lives here, so
``pip install -U quickscale-core`` brings its fixes to every project.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

#: Databases found fully migrated by this process. The migrations on disk cannot change under a
#: running process, so once the plan is empty it stays empty: later checks skip the migration
#: queries. A database with pending migrations is checked again on every request.
_migrated: set[str] = set()


def database_ok(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database answers ``SELECT 1``."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    except DatabaseError:
        return False
    return row is not None and tuple(row) == (1,)


def migrations_applied(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether every migration on disk is applied to the database (``migrate`` has nothing to do).

    The first positive answer is kept for the life of the process (no query afterwards).
    """
    if using in _migrated:
        return True
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    _migrated.add(using)
    return True


def health(using: str = DEFAULT_DB_ALIAS) -> tuple[int, dict[str, str]]:
    """The status code and one-line body of the health check."""
    if not database_ok(using):
        return 503, {"status": "error", "database": "unavailable"}
    try:
        migrated = migrations_applied(using)
    except DatabaseError:
        return 503, {"status": "error", "database": "unavailable"}
    if not migrated:
        return 503, {"status": "error", "database": "ok", "migrations": "pending"}
    return 200, {"status": "ok", "database": "ok", "migrations": "ok"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and is migrated, 503 with the reason otherwise.

    For load balancers and uptime checks: a new release whose ``migrate`` did not run stays out of
    rotation instead of failing on its first query.
    """
    status, body = health()
    return JsonResponse(body, status=status)


def cache_ok() -> bool:
    """Whether the default cache stores and returns a value (Redis answers, when it is Redis)."""
    from django.core.cache import cache

    key = "quickscale:readyz"
    try:
        cache.set(key, "1", 10)
        return bool(cache.get(key) == "1")
    except Exception:  # any backend's connection error means "not ready"
        return False


def queue_ok() -> bool:
    """Whether the task queue answers: Redis for rq, the database for the database backend."""
    from django.conf import settings

    backend = str(getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", ""))
    if backend.startswith("django_tasks_rq"):
        from quickscale_core.checks import redis_reachable

        url = str(getattr(settings, "RQ_QUEUES", {}).get("default", {}).get("URL", ""))
        return bool(url) and redis_reachable(url, timeout=1.0) is None
    return True  # immediate needs nothing; the database backend's queue is the database checked above


def readiness(using: str = DEFAULT_DB_ALIAS) -> tuple[int, dict[str, str]]:
    """The status code and body of the readiness check: :func:`health` plus the cache and the queue."""
    status, body = health(using)
    body = {**body, "cache": "ok" if cache_ok() else "unavailable", "queue": "ok" if queue_ok() else "unavailable"}
    if status != 200 or "unavailable" in (body["cache"], body["queue"]):
        return 503, {**body, "status": "error"}
    return 200, body


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the task queue answer, 503 naming the one that does not."""
    status, body = readiness()
    return JsonResponse(body, status=status)
