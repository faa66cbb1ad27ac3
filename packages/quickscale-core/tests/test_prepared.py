"""quickscale_core.prepared: SQL built once per connection gives what the ORM gives; what it refuses."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quickscale_core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def fields(obj: Any) -> dict[str, Any]:
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


@pytest.fixture
def people() -> list[User]:
    now = timezone.now()
    users = [
        User.objects.create_user(f"user{n}", f"user{n}@example.com", is_staff=n % 2 == 0, last_login=now)
        for n in range(4)
    ]
    staff = Group.objects.create(name="staff")
    staff.user_set.add(users[0], users[2])
    return users


def test_rows_are_the_orms_for_any_values(people: list[User]) -> None:
    by_username = PreparedQuery(lambda name: User.objects.filter(username=name))
    for user in people:
        (prepared,) = by_username(user.username)
        (orm,) = User.objects.filter(username=user.username)
        assert fields(prepared) == fields(orm)
        assert isinstance(prepared.last_login, dt.datetime)  # the database's value converted, as the ORM does
        assert prepared._state.adding is False
        assert prepared._state.db == "default"
    assert by_username("nobody") == []


def test_datetimes_integers_and_several_arguments(people: list[User]) -> None:
    later = timezone.now() + dt.timedelta(hours=1)
    logged_in = PreparedQuery(
        lambda staff, since, first: (
            User.objects.filter(is_staff=True, last_login__lt=since, pk__gte=first).exclude(pk=staff).order_by("pk")
        )
    )
    expected = list(
        User.objects.filter(is_staff=True, last_login__lt=later, pk__gte=people[0].pk)
        .exclude(pk=people[0].pk)
        .order_by("pk")
    )

    assert [fields(user) for user in logged_in(people[0].pk, later, people[0].pk)] == [fields(u) for u in expected]
    assert logged_in(people[0].pk, later - dt.timedelta(days=1), people[0].pk) == []
    assert [user.pk for user in logged_in(-1, later, 0)] == [people[0].pk, people[2].pk]


def test_select_related_annotations_and_slices() -> None:
    content_type = ContentType.objects.get_for_model(Group)
    permissions = PreparedQuery(
        lambda app_label: (
            Permission.objects.filter(content_type__app_label=app_label)
            .select_related("content_type")
            .order_by("codename")[:3]
        )
    )
    rows = permissions("auth")
    assert [fields(p) for p in rows] == [fields(p) for p in Permission.objects.filter(
        content_type__app_label="auth").order_by("codename")[:3]]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        assert [p.content_type.app_label for p in rows] == ["auth"] * 3  # loaded with the row
    assert not queries.captured_queries

    Group.objects.create(name="empty")
    counted = PreparedQuery(lambda name: Group.objects.filter(name=name).annotate(members=Count("user")))
    assert counted("empty")[0].members == 0
    assert counted("empty")[0].name == "empty"
    assert content_type.model == "group"


def test_the_query_runs_through_the_connections_cursor(people: list[User]) -> None:
    by_pk = PreparedQuery(lambda pk: User.objects.filter(pk=pk))
    by_pk(people[0].pk)
    seen: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper), CaptureQueriesContext(connection) as queries:
        by_pk(people[1].pk)
    assert len(seen) == 1
    assert len(queries.captured_queries) == 1
    assert str(people[1].pk) in queries.captured_queries[0]["sql"]


def test_each_thread_prepares_on_its_own_connection(people: list[User]) -> None:
    by_pk = PreparedQuery(lambda pk: User.objects.filter(pk=pk))
    assert by_pk(people[0].pk)[0].username == "user0"
    main = connections["default"]
    seen: list[bool] = []

    def other_thread() -> None:
        own = connections["default"]
        try:
            by_pk(people[0].pk)
        except Exception:  # noqa: S110 - the test database may not be visible from here; preparing is
            pass
        finally:
            seen.extend([own is not main, own in by_pk._prepared, main in by_pk._prepared])
            connections.close_all()

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert seen == [True, True, True]
    assert by_pk(people[1].pk)[0].username == "user1"


@pytest.mark.parametrize(
    ("build", "args", "message"),
    [
        (lambda name: User.objects.filter(username__iexact=name), ("Ada",), "argument 0 does not reach the SQL"),
        (lambda name: User.objects.filter(username__contains=name), ("Ada",), "argument 0 does not reach the SQL"),
        (lambda name: User.objects.filter(username=name).values("pk"), ("Ada",), "values()"),
        (lambda name: User.objects.filter(username=name).prefetch_related("groups"), ("Ada",), "prefetch_related()"),
        (lambda name: User.objects.using("default").filter(username=name), ("Ada",), "using()"),
        (lambda flag: User.objects.filter(is_staff=flag), (True,), "argument 0 is a bool"),
        (lambda day: User.objects.filter(date_joined__date=day), (dt.date(2026, 1, 1),), "argument 0 is a date"),
        (lambda when: User.objects.filter(last_login__gt=when), (dt.datetime(2026, 1, 1),), "naive datetime"),
        (lambda name: [name], ("Ada",), "returned list, not a QuerySet"),
    ],
)
def test_what_cannot_be_prepared_is_refused_in_one_line(build: Any, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(TypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PreparedQuery(build)(*args)


def test_sessions_load_through_the_prepared_store(people: list[User]) -> None:
    client = Client()
    client.force_login(people[0])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.wsgi_request.user == people[0]
    assert sum("django_session" in query["sql"] for query in queries.captured_queries) == 1

    # An expired row is not a session: a fresh, empty one (as Django's database store).
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.wsgi_request.user.is_anonymous
    # An unknown key the same.
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/admin/").wsgi_request.user.is_anonymous


def test_count_is_the_querysets(people: list[User]) -> None:
    staff_since = PreparedQuery(lambda since: User.objects.filter(is_staff=True, date_joined__lte=since).order_by("pk"))
    later = timezone.now() + dt.timedelta(minutes=1)
    assert staff_since.count(later) == User.objects.filter(is_staff=True, date_joined__lte=later).count() == 2
    assert staff_since.count(later - dt.timedelta(days=1)) == 0
    with_groups = PreparedQuery(lambda name: User.objects.filter(groups__name=name).order_by("pk"))
    assert with_groups.count("staff") == 2
    first_page = PreparedQuery(lambda first: User.objects.filter(pk__gte=first).order_by("pk")[:3])
    assert [user.username for user in first_page(people[0].pk)] == ["user0", "user1", "user2"]
    assert first_page.count(people[0].pk) == 3
    assert first_page.count(people[3].pk) == 1


def test_a_query_that_matches_nothing_runs_none(people: list[User]) -> None:
    nothing = PreparedQuery(lambda first: User.objects.filter(pk__gte=first).order_by("pk")[0:0])
    with CaptureQueriesContext(connection) as queries:
        assert nothing(people[0].pk) == []
        assert nothing.count(people[0].pk) == 0
    assert queries.captured_queries == []
