"""Background work: Django's Tasks API behind one import, with bounded retries.

Modules define and enqueue tasks through this module only, never through a queue library::

    from quickscale_core.tasks import enqueue_on_commit, task

    @task()
    def rebuild_report(report_id: int) -> None:
        ...

    enqueue_on_commit(rebuild_report, report.pk)

On Django 6.x the names come from ``django.tasks``; on 5.2 from the ``django-tasks`` backport. The
backend is the project's choice, read from the ``TASKS_BACKEND`` environment variable by
:func:`quickscale_core.settings.environment.tasks_settings` (immediate, database or rq).

A task defined with :func:`task` is retried when it raises: attempt ``n`` is enqueued again after
``backoff * 2 ** (n - 1)`` seconds (the immediate backend, which cannot wait, does not retry), and after
``max_attempts`` tries it gives up: an error is logged and a :class:`~quickscale_core.models.TaskFailure`
row records it in the admin, where it can be run again. A task must therefore be idempotent.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar, overload

import django
from django.db import router, transaction
from django.utils import timezone

from quickscale_core.app_settings import task_settings

if django.VERSION >= (6, 0):
    from django.tasks import (
        DEFAULT_TASK_BACKEND_ALIAS,
        Task,
        TaskContext,
        TaskResult,
        TaskResultStatus,
        default_task_backend,
        task_backends,
    )
    from django.tasks import task as _django_task
else:  # pragma: no cover - the django-tasks backport on Django 5.2
    from django_tasks import (  # type: ignore[assignment,no-redef,unused-ignore]
        DEFAULT_TASK_BACKEND_ALIAS,
        TaskContext,
        TaskResult,
        TaskResultStatus,
        default_task_backend,
        task_backends,
    )
    from django_tasks import task as _django_task  # type: ignore[assignment,no-redef,unused-ignore]
    from django_tasks.base import Task  # type: ignore[assignment,no-redef,unused-ignore]

__all__ = [
    "ATTEMPT_KWARG",
    "DEFAULT_TASK_BACKEND_ALIAS",
    "Task",
    "TaskContext",
    "TaskResult",
    "TaskResultStatus",
    "default_task_backend",
    "enqueue_on_commit",
    "retry_delay",
    "task",
    "task_backends",
]

logger = logging.getLogger("quickscale_core.tasks")

P = ParamSpec("P")
R = TypeVar("R")

#: The keyword argument that carries the attempt number of a retry (absent on the first attempt).
ATTEMPT_KWARG = "quickscale_attempt"


def _max_attempts() -> int:
    return int(task_settings.MAX_ATTEMPTS)


def _backoff_seconds() -> float:
    return float(task_settings.BACKOFF_SECONDS)


def retry_delay(attempt: int, backoff: float) -> timedelta:
    """How long to wait before attempt ``attempt + 1`` after attempt ``attempt`` failed (doubling)."""
    return timedelta(seconds=backoff * 2 ** (attempt - 1))


@overload
def task(function: Callable[P, R], *, max_attempts: int | None = None, backoff: float | None = None) -> Task[P, R]: ...


@overload
def task(
    function: None = None, *, max_attempts: int | None = None, backoff: float | None = None, **options: Any
) -> Callable[[Callable[P, R]], Task[P, R]]: ...


def task(
    function: Callable[P, R] | None = None,
    *,
    max_attempts: int | None = None,
    backoff: float | None = None,
    **options: Any,
) -> Any:
    """Django's ``@task`` with bounded retries; ``options`` are Django's (priority, queue_name, backend).

    ``max_attempts`` and ``backoff`` (seconds) default to the ``QUICKSCALE_TASKS_MAX_ATTEMPTS`` (5) and
    ``QUICKSCALE_TASKS_BACKOFF_SECONDS`` (30) settings, read when the task runs.
    """

    def decorate(func: Callable[P, R]) -> Any:
        defined: Any = None

        @functools.wraps(func)
        def runner(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                _after_failure(defined, attempt, args, kwargs, exc, max_attempts, backoff)
                raise

        defined = _django_task(**options)(runner)
        return defined

    if function is not None:
        return decorate(function)
    return decorate


def task_path(defined: Any) -> str:
    """The import path of a task (``module.function``), as the backends store it."""
    func = defined.func
    return f"{func.__module__}.{func.__qualname__}"


def _after_failure(
    defined: Any,
    attempt: int,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    exc: Exception,
    max_attempts: int | None,
    backoff: float | None,
) -> None:
    limit = max_attempts if max_attempts is not None else _max_attempts()
    path = task_path(defined)
    # A backend that cannot defer (immediate) would retry at once, inside the same request, against
    # the service that just failed: the task gives up at once and its record can be run again.
    if attempt >= limit or not defined.get_backend().supports_defer:
        from quickscale_core.models import TaskFailure

        logger.error("Task %s gave up after %s attempts: %s", path, attempt, exc)
        TaskFailure.objects.create(
            task_path=path,
            args=list(args),
            kwargs=kwargs,
            attempts=attempt,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            traceback="".join(traceback.format_exception(exc))[-20000:],
        )
        return
    delay = retry_delay(attempt, backoff if backoff is not None else _backoff_seconds())
    retry = defined.using(run_after=timezone.now() + delay)
    logger.warning("Task %s failed (attempt %s of %s), retrying in %s: %s", path, attempt, limit, delay, exc)
    retry.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})


def enqueue_on_commit(defined: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``defined`` once the current transaction commits (at once outside a transaction).

    Nothing is enqueued for work that is rolled back, whatever the backend (the immediate one
    too: tests see the task's effect after the commit, e.g. with
    ``django_capture_on_commit_callbacks(execute=True)``). A failure to enqueue (the queue
    unreachable) is logged and does not undo the committed work.
    """
    transaction.on_commit(functools.partial(_enqueue, defined, args, kwargs), robust=True)


def _enqueue(defined: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    defined.enqueue(*args, **kwargs)


def _queue_in_this_transaction(defined: Any) -> bool:
    """Whether ``defined``'s queue is rows of the database the current transaction writes to."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    backend = defined.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return bool(router.db_for_write(DBTaskResult) == connection.alias)


#: Per model and database, the INSERT Django compiles for one row of it, and its fields (the SQL text does not
#: change between rows; compiling it is most of an insert's Python time).
_insert_sql: dict[tuple[type[Any], str], tuple[str, list[Any]]] = {}


def _insert_statement(instance: Any, connection: Any) -> tuple[str, list[Any]]:
    """The INSERT of ``instance`` and its parameters, as ``save()`` would send them (``pre_save`` values)."""
    from django.db.models import sql

    key = (type(instance), connection.alias)
    known = _insert_sql.get(key)
    fields = known[1] if known else [field for field in instance._meta.local_concrete_fields if not field.generated]
    values = [field.pre_save(instance, True) for field in fields]
    plain = all(not hasattr(value, "as_sql") for value in values)
    if known is not None and plain:
        return known[0], [
            field.get_db_prep_save(value, connection=connection) for field, value in zip(fields, values, strict=True)
        ]
    query = sql.InsertQuery(type(instance))
    query.insert_values(fields, [instance])
    [(text, params)] = query.get_compiler(connection=connection).as_sql()
    if plain and all(not hasattr(field, "get_placeholder") for field in fields):
        _insert_sql[key] = (text, fields)
    return text, list(params)


def insert_with_task(obj: Any, defined: Any, *args: Any) -> bool:
    """Insert ``obj`` and the task row of ``defined(*args)`` together: one commit, both rows or neither.

    For the database tasks backend on the same database as ``obj``, outside a transaction (the webhook
    request's writes, docs/performance.md). On PostgreSQL (psycopg 3, client-side binding: Django's
    default) the two INSERTs are sent as one statement, which PostgreSQL runs as one implicit
    transaction: one round trip instead of four (``BEGIN``, two INSERTs, ``COMMIT``). Elsewhere they run
    in one ``atomic()`` block. Either way the SQL Django compiles for each model is remembered, so a row
    costs its parameters only. Otherwise (another backend or database, inside a transaction) nothing is
    written and False is returned: save ``obj`` and :func:`enqueue_with_transaction` in an ``atomic()``
    block instead. ``obj``'s primary key must be set beforehand (a UUID) when ``args`` refer to it.
    ``pre_save``/``post_save`` are sent for both rows as ``save()`` sends them (django-tasks-db sets
    ``run_after`` in one), and ``task_enqueued`` as the backend sends it.
    """
    from django.db import connections
    from django.db.models import signals

    alias = router.db_for_write(type(obj))
    connection = connections[alias]
    backend = defined.get_backend()
    if connection.in_atomic_block or type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    import importlib

    from django_tasks_db.models import DBTaskResult

    if router.db_for_write(DBTaskResult) != alias:
        return False
    db_backend: Any = importlib.import_module("django_tasks_db.backend")  # its normalize_json, task_enqueued
    backend.validate_task(defined)
    # django-tasks-db's DatabaseBackend._task_to_db_task, without its own INSERT (a test compares the rows).
    row: Any = DBTaskResult(
        id=backend._get_id(),
        args_kwargs=db_backend.normalize_json({"args": args, "kwargs": {}}),
        priority=defined.priority,
        task_path=defined.module_path,
        queue_name=defined.queue_name,
        run_after=defined.run_after,
        backend_name=backend.alias,
    )
    statements = []
    for instance in (obj, row):
        signals.pre_save.send(sender=type(instance), instance=instance, raw=False, using=alias, update_fields=None)
        statements.append(_insert_statement(instance, connection))
    if _one_statement_allowed(connection):
        with connection.cursor() as cursor:
            cursor.execute(
                "; ".join(text for text, _values in statements), [v for _t, values in statements for v in values]
            )
    else:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for text, values in statements:
                cursor.execute(text, values)
    for instance in (obj, row):
        instance._state.adding = False
        instance._state.db = alias
        signals.post_save.send(
            sender=type(instance), instance=instance, created=True, update_fields=None, raw=False, using=alias
        )
    db_backend.task_enqueued.send(type(backend), task_result=row.task_result)
    return True


def _one_statement_allowed(connection: Any) -> bool:
    """Whether ``connection`` runs several statements in one ``execute`` (PostgreSQL, psycopg 3 client-side)."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:
        return False
    import importlib

    psycopg: Any = importlib.import_module("psycopg")
    connection.ensure_connection()
    return bool(issubclass(connection.connection.cursor_factory, psycopg.ClientCursor))


def enqueue_with_transaction(defined: Any, *args: Any, **kwargs: Any) -> None:
    """Like :func:`enqueue_on_commit`, but with the database backend the task row is written inside the
    current transaction: it commits, or is rolled back, with the work, in the same commit (one commit a
    request instead of two: the webhook's cost, docs/performance.md). Other backends, or outside a
    transaction: :func:`enqueue_on_commit`. Unlike it, a failure to write the row fails the transaction.
    """
    if _queue_in_this_transaction(defined):
        _enqueue(defined, args, kwargs)
    else:
        enqueue_on_commit(defined, *args, **kwargs)
