"""``User.objects.get(pk=...)`` (every signed-in request's user) runs prepared SQL and answers as the ORM does."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quickscale_modules.auth.factories import UserFactory
from quickscale_modules.auth.models import _user_by_pk

pytestmark = pytest.mark.django_db
User = get_user_model()


def fields(user: Any) -> dict[str, Any]:
    return {name: value for name, value in vars(user).items() if not name.startswith("_")}


def test_get_by_pk_is_the_orms_answer() -> None:
    users = [UserFactory(first_name=f"N{n}") for n in range(3)]
    for user in users:
        for pk in (user.pk, str(user.pk)):
            assert fields(User.objects.get(pk=pk)) == fields(QuerySet(User).get(pk=user.pk))
    with pytest.raises(User.DoesNotExist, match="User matching query does not exist"):
        User.objects.get(pk=max(user.pk for user in users) + 1)
    assert connections["default"] in _user_by_pk._prepared  # the prepared path answered


def test_other_gets_are_the_orms(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory(email="ada@example.com")
    assert User.objects.get(email="ada@example.com") == user
    assert User.objects.get(pk=user.pk, is_active=True) == user
    with pytest.raises(ValueError, match="expected a number"):
        User.objects.get(pk="not-a-number")
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=2**40)  # out of the prepared range: the ORM answers


def test_the_signed_in_user_loads_with_one_query(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.get("/accounts/profile/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/accounts/profile/")
    assert response.wsgi_request.user.pk == user.pk
    user_table = User._meta.db_table
    assert sum(f'FROM "{user_table}"' in query["sql"] for query in queries.captured_queries) == 1
    user.is_active = False
    user.save()
    assert client.get("/accounts/profile/").status_code == 302  # an inactive user is signed out, as before
