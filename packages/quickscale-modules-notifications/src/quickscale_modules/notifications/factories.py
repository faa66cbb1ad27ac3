"""factory_boy factories of the module's models, for tests (quickscale-core[testing] brings factory_boy)."""

# factory_boy is untyped: its declarations are checked by the tests, not by mypy.
# mypy: disable-error-code="attr-defined,no-untyped-call,type-arg,misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from quickscale_modules.notifications.models import Notification, Preference


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        if model_class.USERNAME_FIELD != "email":
            kwargs.setdefault(model_class.USERNAME_FIELD, kwargs["email"].split("@")[0])
        return model_class._default_manager.create_user(*args, password="pw", **kwargs)  # noqa: S106


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "quickscale.demo"
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Something happened."


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = "quickscale.demo"
