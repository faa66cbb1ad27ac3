"""What a preforking server's master builds once so that its workers share it instead of each building its own.

A generated project's ``gunicorn.conf.py`` imports the application in the master (``preload_app``) and
calls :func:`warm_up` in ``pre_fork``, before ``gc.freeze()``. Django builds several things lazily, on a
worker's first requests, and keeps them for the life of the process; built in the master instead, they
sit in pages every worker shares (copy-on-write) rather than in each worker's private memory:

- the URLconf: importing it imports every view module (the modules' views, DRF, drf-spectacular,
  allauth's headless API) -- about 30 MiB with every module installed, the largest part of a worker's
  private memory on its first request (docs/performance.md);
- the resolver's reverse lookup tables and the translation catalogs, for each language of ``LANGUAGES``;
- the health check's answer: ``/healthz`` loads the migration graph (every migration module) to see
  whether anything is pending; once the database is found migrated, :mod:`quickscale_core.health`
  remembers it for the process, and so for every worker forked afterwards.

Nothing here renders a page or fills a per-request cache (``{% shellcache %}`` fragments stay per
worker). The database connections opened are closed again: a connection must never cross a fork.
Safe to call more than once (a respawned worker calls it again: everything is already built).
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import get_resolver
from django.utils import translation

from quickscale_core import health


def warm_up() -> None:
    """Import the URLconf and build the per-process tables every worker would otherwise build itself.

    The database is asked once whether it is migrated; when it cannot answer (not up yet, not
    migrated), each worker checks on its own ``/healthz`` as before. Connections are closed on return.
    """
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 -- imports the URLconf and so every view module
    for code, _name in settings.LANGUAGES:
        # Each language's catalog (loaded on activation) and the resolver's tables for it.
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018
    try:
        health.migrations_applied(DEFAULT_DB_ALIAS)
    except DatabaseError:
        pass  # the database is not there yet: the workers' health checks will ask it
    finally:
        connections.close_all()
