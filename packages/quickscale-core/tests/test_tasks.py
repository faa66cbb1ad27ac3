"""Background work: retries with backoff, the record of a task that gave up, mail sent by a task,
the backend chosen by TASKS_BACKEND and its checks, the readiness check."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import django
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quickscale_core import checks, health
from quickscale_core.mail import deliver_email, message_from_data, message_to_data, send_later
from quickscale_core.models import TaskFailure
from quickscale_core.settings.environment import (
    anymail_settings,
    cache_settings,
    init_sentry,
    session_engine,
    tasks_settings,
)
from quickscale_core.tasks import (
    ATTEMPT_KWARG,
    TaskResultStatus,
    enqueue_on_commit,
    enqueue_with_transaction,
    retry_delay,
)
from quickscale_core.testing import run_db_worker
from tests import task_functions
from tests.task_functions import add, flaky

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    task_functions.calls.clear()
    task_functions.failures.clear()
    yield
    task_functions.calls.clear()
    task_functions.failures.clear()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- retries -------------------------------------------------------------------------------------


def test_backoff_doubles() -> None:
    assert [retry_delay(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@pytest.mark.django_db
def test_a_task_runs_and_returns() -> None:
    result = add.enqueue(2, 3)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


def run_worker_until_idle() -> None:
    """Run every task that is due, making each deferred retry due at once (no waiting in tests)."""
    for _ in range(20):
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        if not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists():
            return
        run_db_worker()


@pytest.mark.django_db
def test_a_failing_task_is_retried_until_it_succeeds(settings: Any, caplog: pytest.LogCaptureFixture) -> None:
    settings.TASKS = DATABASE_TASKS
    task_functions.failures["k"] = 2

    flaky.enqueue("k")
    run_worker_until_idle()

    assert task_functions.calls["k"] == 3
    assert not TaskFailure.objects.exists()
    assert "failed (attempt 1 of 3)" in caplog.text
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]


@pytest.mark.django_db
def test_a_task_gives_up_after_its_attempts_and_leaves_a_record(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TASKS = DATABASE_TASKS
    task_functions.failures["k"] = 99

    with caplog.at_level(logging.ERROR, logger="quickscale_core.tasks"):
        flaky.enqueue("k")
        run_worker_until_idle()

    assert task_functions.calls["k"] == 3  # bounded: never retried forever
    assert DBTaskResult.objects.count() == 3
    failure = TaskFailure.objects.get()
    assert failure.task_path == "tests.task_functions.flaky"
    assert failure.args == ["k"]
    assert failure.attempts == 3
    assert failure.error == "ConnectionError: attempt 3 of k refused"
    assert "Traceback" in failure.traceback
    assert "gave up after 3 attempts" in caplog.text
    assert str(failure).startswith("tests.task_functions.flaky")


@pytest.mark.django_db
def test_the_immediate_backend_does_not_retry_in_the_request() -> None:
    task_functions.failures["k"] = 1

    result = flaky.enqueue("k")

    assert result.status == TaskResultStatus.FAILED
    assert task_functions.calls["k"] == 1
    assert TaskFailure.objects.get().attempts == 1


@pytest.mark.django_db
def test_the_database_backend_defers_the_retry(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    task_functions.failures["k"] = 1
    flaky.enqueue("k")
    before = timezone.now()

    run_db_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": ["k"], "kwargs": {ATTEMPT_KWARG: 2}}
    assert before + timedelta(milliseconds=900) <= retry.run_after <= before + timedelta(seconds=5)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_db_worker()

    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert task_functions.calls["k"] == 2


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(flaky, "later")
    assert not DBTaskResult.objects.exists()

    for callback in callbacks:
        callback()

    assert DBTaskResult.objects.get().args_kwargs == {"args": ["later"], "kwargs": {}}


@pytest.mark.django_db
def test_nothing_is_enqueued_for_rolled_back_work(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(flaky, "never")

    assert len(callbacks) == 1  # dropped if the transaction rolls back
    assert "never" not in task_functions.calls


@pytest.mark.django_db
def test_with_the_database_backend_the_task_row_shares_the_transaction(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            enqueue_with_transaction(flaky, "kept")
        try:
            with transaction.atomic():
                enqueue_with_transaction(flaky, "rolled back")
                raise RuntimeError("the work failed")
        except RuntimeError:
            pass

    assert callbacks == []  # written in the transaction, not after it
    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [["kept"]]


@pytest.mark.django_db
def test_other_backends_enqueue_with_transaction_on_commit(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_with_transaction(flaky, "later")

    assert len(callbacks) == 1
    assert "later" not in task_functions.calls


@pytest.mark.django_db
def test_the_admin_runs_a_failed_task_again() -> None:
    failure = TaskFailure.objects.create(task_path="tests.task_functions.flaky", args=["a"], attempts=3, error="x")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(admin)

    response = client.post(
        "/admin/quickscale_core/taskfailure/",
        {"action": "run_again", "_selected_action": [failure.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert task_functions.calls["a"] == 1
    failure.refresh_from_db()
    assert failure.retried is not None
    assert client.get("/admin/quickscale_core/taskfailure/add/").status_code == 403


# -- mail ----------------------------------------------------------------------------------------


def test_a_message_survives_the_trip_through_json() -> None:
    message = EmailMultiAlternatives(
        "Hi", "text", "from@example.com", ["to@example.com"], cc=["cc@example.com"], headers={"X-A": "1"}
    )
    message.attach_alternative("<p>html</p>", "text/html")
    message.attach("a.bin", b"\x00bytes", "application/octet-stream")

    copy = message_from_data(message_to_data(message))

    assert (copy.subject, copy.body, copy.from_email, copy.to, copy.cc) == (
        "Hi",
        "text",
        "from@example.com",
        ["to@example.com"],
        ["cc@example.com"],
    )
    assert copy.extra_headers == {"X-A": "1"}
    assert [tuple(alt) for alt in copy.alternatives] == [("<p>html</p>", "text/html")]
    assert [tuple(a)[:3] for a in copy.attachments] == [("a.bin", b"\x00bytes", "application/octet-stream")]


@pytest.mark.django_db
def test_send_later_delivers_from_a_worker_after_the_commit(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    message = EmailMultiAlternatives("Hi", "text", "from@example.com", ["to@example.com"])
    message.attach_alternative("<p>html</p>", "text/html")

    with django_capture_on_commit_callbacks(execute=True):
        send_later(message)
    assert mail.outbox == []  # enqueued, not sent by the request

    run_db_worker()

    assert [m.subject for m in mail.outbox] == ["Hi"]
    assert mail.outbox[0].alternatives[0][0] == "<p>html</p>"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_mail_server_that_refuses_is_retried_then_recorded(settings: Any) -> None:
    port = _closed_port()
    if django.VERSION < (6, 1):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    else:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 1},
            }
        }
    settings.QUICKSCALE_TASKS_MAX_ATTEMPTS = 2
    settings.TASKS = DATABASE_TASKS

    deliver_email.enqueue(message_to_data(EmailMultiAlternatives("Hi", "t", "f@example.com", ["t@example.com"])))
    run_worker_until_idle()

    failure = TaskFailure.objects.get()
    assert failure.task_path == "quickscale_core.mail.deliver_email"
    assert failure.attempts == 2


# -- settings ------------------------------------------------------------------------------------


def test_tasks_settings_for_each_backend() -> None:
    assert tasks_settings("immediate")["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert tasks_settings("Database")["TASKS"] == DATABASE_TASKS
    rq = tasks_settings("rq", redis_url="redis://localhost:6379/0")
    assert rq["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert rq["RQ_QUEUES"]["default"]["URL"] == "redis://localhost:6379/0"
    assert rq["RQ_APPS"] == ["django_rq", "django_tasks_rq"]
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND='celery' is not a task backend"):
        tasks_settings("celery")


def test_redis_cache_and_sessions() -> None:
    redis = cache_settings("redis://cache:6379/1")
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379/1"}
    assert session_engine(redis) == "django.contrib.sessions.backends.cached_db"
    local = cache_settings("locmemcache://")
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert session_engine(local) == "quickscale_core.sessions"


def test_provider_mail_and_sentry_are_off_unless_asked() -> None:
    assert anymail_settings("", "") == {}
    assert init_sentry("") is False
    mailgun = anymail_settings("mailgun", "key-1", sender_domain="mg.example.com")
    assert mailgun["ANYMAIL"] == {"API_KEY": "key-1", "SENDER_DOMAIN": "mg.example.com"}
    backend = mailgun.get("EMAIL_BACKEND") or mailgun["MAILERS"]["default"]["BACKEND"]
    assert backend == "anymail.backends.mailgun.EmailBackend"
    assert anymail_settings("postmark", "tok")["ANYMAIL"] == {"SERVER_TOKEN": "tok"}
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        anymail_settings("pigeon", "k")


# -- checks and readiness ------------------------------------------------------------------------


def test_database_backend_without_its_app(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django_tasks_db"]

    assert [m.id for m in checks.check_tasks()] == ["quickscale_core.E020"]


def test_rq_without_redis_url(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": ""}}

    assert [m.id for m in checks.check_tasks()] == ["quickscale_core.E021"]


def test_rq_with_unreachable_redis_under_deploy(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://:secret@127.0.0.1:{_closed_port()}/0"}}

    messages = checks.check_tasks_deploy()

    assert [m.id for m in messages] == ["quickscale_core.E022"]
    assert "secret" not in messages[0].msg
    assert checks.check_tasks() == []


def test_immediate_backend_warns_under_deploy(settings: Any) -> None:
    assert [m.id for m in checks.check_tasks_deploy()] == ["quickscale_core.W021"]
    settings.TASKS = DATABASE_TASKS
    assert checks.check_tasks_deploy() == []
    assert checks.check_tasks_deploy(app_configs=[]) == []


@pytest.mark.django_db
def test_readiness_covers_cache_and_queue(settings: Any) -> None:
    health._migrated.clear()
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok", "queue": "ok"}

    port = _closed_port()
    settings.CACHES = {"default": cache_settings(f"redis://127.0.0.1:{port}/0")}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["queue"] == "unavailable"


@pytest.mark.django_db
def test_prune_deletes_old_results_and_failure_records(settings: Any) -> None:
    from io import StringIO

    settings.TASKS = DATABASE_TASKS
    add.enqueue(1, 2)
    add.enqueue(3, 4)
    run_db_worker()
    old = DBTaskResult.objects.order_by("enqueued_at").first()
    assert old is not None
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=15))
    TaskFailure.objects.create(task_path="x.y", attempts=1, error="e")
    TaskFailure.objects.filter().update(created=timezone.now() - timedelta(days=91))
    TaskFailure.objects.create(task_path="x.z", attempts=1, error="e")
    out = StringIO()

    call_command("tasks_prune", stdout=out)

    assert out.getvalue().strip() == "Deleted 1 task results and 1 failed-task records."
    assert DBTaskResult.objects.count() == 1
    assert list(TaskFailure.objects.values_list("task_path", flat=True)) == ["x.z"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUICKSCALE_TASKS_MAX_ATTEMPTS", 0),
        ("QUICKSCALE_TASKS_MAX_ATTEMPTS", "5"),
        ("QUICKSCALE_TASKS_BACKOFF_SECONDS", -1),
    ],
)
def test_retry_settings_are_checked(settings: Any, name: str, value: Any) -> None:
    setattr(settings, name, value)

    assert [m.id for m in checks.check_tasks()] == ["quickscale_core.E023"]
