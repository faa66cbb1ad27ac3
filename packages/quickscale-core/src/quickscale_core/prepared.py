"""Fixed-shape queries whose SQL the ORM builds once per database connection.

Building a query's SQL (filters resolved, joins set up, columns compiled) costs a page ~0.3 ms per query,
far more than running a small indexed query; the session and user loads alone are ~0.7 ms of every
signed-in request (docs/performance.md). A :class:`PreparedQuery` lets the ORM build the SQL the first
time, then runs the same SQL with the new values, and turns the rows into model instances exactly as the
ORM does (its converters, ``select_related`` and annotations)::

    members_of_team = PreparedQuery(
        lambda team_id: Membership.objects.filter(team_id=team_id).select_related("user").order_by("pk")
    )
    members = members_of_team(team.pk)  # a list of Membership instances
    how_many = members_of_team.count(team.pk)  # SELECT COUNT(*) over the same SQL

The function receives its values as positional arguments (``int``, ``str`` or ``datetime``) and returns a
queryset. Each value must reach the SQL unchanged (an exact comparison, ``__gt``...): a lookup that
rewrites it (``__iexact``, ``__contains``) is refused with a ``TypeError`` the first time, as are
``prefetch_related()``, ``values()`` and ``using()``. The query runs on the database the routers pick for
reading, through the connection's cursor (``execute_wrapper``, ``CaptureQueriesContext`` and debug
logging see it). Each database connection (one per thread) builds its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

__all__ = ["PreparedQuery"]

M = TypeVar("M", bound=Model)


class _Prepared:
    """One query's SQL for one connection, where each argument goes in its parameters, and how rows load."""

    def __init__(self, queryset: QuerySet[Any], probes: tuple[Any, ...], connection: BaseDatabaseWrapper) -> None:
        compiler: SQLCompiler = queryset.query.get_compiler(connection=connection)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # a query that can match nothing (``[0:0]``, ``pk__in=[]``): the ORM runs none
            self.sql, params = "", ()
        forms = [_db_form(probe, connection) for probe in probes]
        self.params = list(params)
        #: (position in params, index of the argument) for every parameter that is an argument.
        self.slots = [(position, forms.index(value)) for position, value in enumerate(self.params) if value in forms]
        missing = sorted(set(range(len(probes))) - {argument for _position, argument in self.slots})
        if missing and self.sql:
            raise TypeError(
                f"PreparedQuery: argument {missing[0]} does not reach the SQL as given (a lookup such as "
                "__iexact or __contains rewrites it): filter on the value itself, or run this query unprepared."
            )
        self.compiler = compiler
        self.model: type[Model] = queryset.model
        if not self.sql:
            return
        klass_info = compiler.klass_info
        if klass_info is None:  # pragma: no cover - every model query has one
            raise TypeError("PreparedQuery: the query selects no model.")
        self.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model_slice = slice(start, end)
        self.init_list = [column[0].target.attname for column in compiler.select[start:end]]
        populator_arguments: tuple[Any, ...] = (klass_info, compiler.select, connection.alias)
        fetch_mode = getattr(queryset, "_fetch_mode", None)  # Django 6.1's fetch modes
        self.from_db: Callable[..., Any] = self.model.from_db
        if fetch_mode is not None:
            from django.db.models.query import _get_from_db  # type: ignore[attr-defined,unused-ignore]

            self.from_db = _get_from_db(self.model, fetch_mode)
            populator_arguments += (fetch_mode,)
        populators: Callable[..., list[Any]] = get_related_populators
        self.related_populators = populators(*populator_arguments)
        self.annotations = list(compiler.annotation_col_map.items())
        # The ORM's converters of the selected columns (database values to Python), as its results_iter finds them.
        self.converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])

    def parameters(self, args: tuple[Any, ...], connection: BaseDatabaseWrapper) -> list[Any]:
        params = list(self.params)
        forms = [_db_form(value, connection) for value in args]
        for position, argument in self.slots:
            params[position] = forms[argument]
        return params

    def rows(self, args: tuple[Any, ...], connection: BaseDatabaseWrapper) -> list[Any]:
        if not self.sql:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.parameters(args, connection))
            fetched = cursor.fetchall()
        if self.compiler.has_extra_select:  # columns only the ORDER BY needs, as the ORM drops them
            fetched = [row[: self.compiler.col_count] for row in fetched]
        if not self.converters:
            return list(fetched)
        return list(self.compiler.apply_converters(fetched, self.converters))

    def instances(self, rows: list[Any], alias: str) -> list[Any]:
        objects = []
        for row in rows:
            obj = self.from_db(alias, self.init_list, row[self.model_slice])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class PreparedQuery(Generic[M]):
    """A query of fixed shape: ``build(*values)`` returns it as a queryset; calling runs it (a list)."""

    def __init__(self, build: Callable[..., QuerySet[M]]) -> None:
        self.build = build
        self._model: type[M] | None = None
        self._prepared: WeakKeyDictionary[BaseDatabaseWrapper, _Prepared] = WeakKeyDictionary()

    def __call__(self, *args: Any) -> list[M]:
        prepared, connection = self._for(args)
        rows: list[M] = prepared.instances(prepared.rows(args, connection), connection.alias)
        return rows

    def count(self, *args: Any) -> int:
        """How many rows a call with ``args`` returns, counted by the database (one ``COUNT(*)`` query)."""
        prepared, connection = self._for(args)
        if not prepared.sql:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM ({prepared.sql}) quickscale_counted",  # noqa: S608 - the ORM's own SQL
                prepared.parameters(args, connection),
            )
            row = cursor.fetchone()
        return int(row[0])

    def _for(self, args: tuple[Any, ...]) -> tuple[_Prepared, BaseDatabaseWrapper]:
        model = self._model
        if model is None:
            model = self._model = self._checked(self.build(*_probes(args))).model
        connection = connections[router.db_for_read(model)]
        prepared = self._prepared.get(connection)
        if prepared is None:
            probes = _probes(args)
            prepared = _Prepared(self._checked(self.build(*probes)), probes, connection)
            self._prepared[connection] = prepared
        return prepared, connection

    @staticmethod
    def _checked(queryset: QuerySet[M]) -> QuerySet[M]:
        if not isinstance(queryset, QuerySet):
            raise TypeError(f"PreparedQuery: the function returned {type(queryset).__name__}, not a QuerySet.")
        state: Any = queryset  # the ORM's own attributes, which its ModelIterable reads too
        fetch_mode = getattr(state, "_fetch_mode", None)
        refused = (
            "values() or values_list()" if state._iterable_class is not ModelIterable else None,
            "prefetch_related()" if state._prefetch_related_lookups else None,
            "a related manager's queryset" if state._known_related_objects else None,
            "using()" if state._db is not None else None,
            "a fetch mode that tracks peers" if fetch_mode is not None and fetch_mode.track_peers else None,
        )
        reason = next((item for item in refused if item), None)
        if reason:
            raise TypeError(f"PreparedQuery: a query with {reason} cannot be prepared; run it unprepared.")
        return queryset


def _probes(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values of the same types as ``args`` that no real query holds, to find each argument in the SQL."""
    probes: list[Any] = []
    for index, value in enumerate(args):
        if isinstance(value, bool) or not isinstance(value, int | str | dt.datetime):
            raise TypeError(f"PreparedQuery: argument {index} is a {type(value).__name__}; pass int, str or datetime.")
        if isinstance(value, dt.datetime):
            if settings.USE_TZ and timezone.is_naive(value):
                raise TypeError(f"PreparedQuery: argument {index} is a naive datetime; pass an aware one (USE_TZ).")
            probes.append(dt.datetime(1901, 2, 3, 4, 5, 6, 700_001 + index, tzinfo=value.tzinfo))
        elif isinstance(value, int):
            probes.append(-7_000_001 - index)
        else:
            probes.append(f"\x1fquickscale-probe-{index}%_\\\\\x1f")  # what LIKE lookups escape
    return tuple(probes)


def _db_form(value: Any, connection: BaseDatabaseWrapper) -> Any:
    """What the ORM hands the driver for ``value`` (datetimes adapted as a ``DateTimeField`` does)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
