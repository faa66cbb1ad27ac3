"""factory_boy factories for projects' tests (needs factory-boy: the ``testing`` extra).

``UserFactory()`` makes a user with ``quickscale_core.testing.DEFAULT_PASSWORD``
and a verified primary email address, so it can sign in through allauth's
form even with mandatory verification. ``UserFactory(verified=False)`` skips that.
"""

# factory_boy is untyped: its declarations are checked by the tests, not by mypy.
# mypy: disable-error-code="attr-defined,no-untyped-call,type-arg,misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from quickscale_core.testing import DEFAULT_PASSWORD
from quickscale_modules.auth.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffUserFactory(UserFactory):
    is_staff = True
