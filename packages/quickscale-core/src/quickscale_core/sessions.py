"""Django's database sessions, the session read with SQL built once (``SESSION_ENGINE = "quickscale_core.sessions"``).

Every signed-in request reads its session row; Django builds that query's SQL anew each time (~0.3 ms,
more than running it). This store runs the same query as a :class:`~quickscale_core.prepared.PreparedQuery`
and is otherwise Django's ``django.contrib.sessions.backends.db`` store: the same table, rows, expiry and
``clearsessions``, so switching either way keeps every session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from quickscale_core.prepared import PreparedQuery

__all__ = ["SessionStore"]

_by_model: dict[type[Any], PreparedQuery[Any]] = {}


def _unexpired(model: type[Any]) -> PreparedQuery[Any]:
    query = _by_model.get(model)
    if query is None:
        query = _by_model[model] = PreparedQuery(
            lambda key, now: model.objects.filter(session_key=key, expire_date__gt=now)
        )
    return query


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:  # Django's, the query prepared

        key = self.session_key
        now: dt.datetime = timezone.now()
        found = _unexpired(self.model)(key, now) if isinstance(key, str) else []
        if not found:
            self._session_key = None
            return None
        return found[0]
