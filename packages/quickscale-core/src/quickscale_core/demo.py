"""Demo data: an admin login, then each module seeds its part through ``ModuleConfig.seed_demo``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from quickscale_core.apps import ModuleConfig

DEMO_ADMIN_EMAIL = "admin@example.com"
DEMO_ADMIN_USERNAME = "admin"  # the login when the user model has a username (Django's default User)
DEMO_ADMIN_PASSWORD = "quickscale-admin"  # noqa: S105 - the documented demo admin login


def seed_demo() -> dict[str, Any]:
    """Seed the demo admin, then run every installed module's ``seed_demo`` in ``INSTALLED_APPS`` order.

    Returns the shared context; ``context["summary"]`` holds the lines to show
    the developer (the admin and demo logins, what was created) and
    ``context["admin"]`` the admin user, or None. Seeding twice is safe: every
    step is get-or-create.
    """
    context: dict[str, Any] = {"summary": []}
    context["admin"] = seed_demo_admin(context["summary"])
    for config in apps.get_app_configs():
        if isinstance(config, ModuleConfig):
            config.seed_demo(context)
    return context


def seed_demo_admin(summary: list[str]) -> Any:
    """A superuser with a known password, only while ``DEBUG`` is on; says in ``summary`` how to sign in.

    Works with any user model whose manager has ``create_superuser`` and which
    needs nothing beyond its login field and email. Running it again makes the
    account a superuser again and resets its password.
    """
    if not settings.DEBUG:
        summary.append(
            "Admin: none created, DEBUG is off (a known admin password must not reach a live site); "
            "run manage.py createsuperuser."
        )
        return None
    user_model = get_user_model()
    login_field = user_model.USERNAME_FIELD
    email_field = user_model.get_email_field_name()
    missing = [name for name in user_model.REQUIRED_FIELDS if name != email_field]
    if missing:
        summary.append(
            f"Admin: none created, {user_model.__name__} also requires {', '.join(missing)}; "
            "run manage.py createsuperuser."
        )
        return None
    login = DEMO_ADMIN_EMAIL if login_field == email_field else DEMO_ADMIN_USERNAME
    manager: Any = user_model._default_manager
    try:
        admin = manager.get_by_natural_key(login)
    except user_model.DoesNotExist:
        admin = manager.create_superuser(
            **{login_field: login, email_field: DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD}
        )
    else:
        admin.is_active = admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_ADMIN_PASSWORD)
        admin.save()
    try:
        where = f" at {reverse('admin:index')}"
    except NoReverseMatch:
        where = " (the admin site is not in the URLconf)"
    summary.append(f"Admin: {login} / {DEMO_ADMIN_PASSWORD}{where}")
    return admin
