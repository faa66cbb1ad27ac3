"""factory_boy factories that work with any user model (email or username based)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from factory.declarations import Sequence
from factory.django import DjangoModelFactory, Password

from quickscale_core.testing import DEFAULT_PASSWORD


class UserFactory(DjangoModelFactory[Any]):
    """A user with ``DEFAULT_PASSWORD``; fills the model's USERNAME_FIELD and email."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"user{n}@example.com")
    password = Password(DEFAULT_PASSWORD)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        username_field = model_class.USERNAME_FIELD
        if username_field != "email" and username_field not in kwargs:
            kwargs[username_field] = kwargs["email"].split("@")[0]
        if not any(field.name == "email" for field in model_class._meta.get_fields()):
            kwargs.pop("email", None)
        return super()._create(model_class, *args, **kwargs)
