from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from quickscale_core.apps import ModuleConfig

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "quickscale-demo"  # noqa: S105 - the documented demo login


def secure_admin_login() -> None:
    """Route the default admin site's login through allauth (rate limits, MFA, login by code).

    Django's own admin login form authenticates with the model backend directly,
    which would skip all of that; allauth documents this wrapper for it.
    """
    from allauth.account.decorators import secure_admin_login as allauth_secure_admin_login
    from django.contrib import admin

    if getattr(admin.site.login, "quickscale_secured", False):
        return
    allauth_login = allauth_secure_admin_login(admin.site.login)

    @wraps(allauth_login)
    def login(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not (user.is_staff and user.is_active):
            from quickscale_modules.auth.views import admin_staff_only

            return admin_staff_only(request)  # a page that says why, not allauth's bare 403
        return allauth_login(request, *args, **kwargs)  # type: ignore[no-any-return]

    login.quickscale_secured = True  # type: ignore[attr-defined]
    admin.site.login = login  # type: ignore[method-assign]


class AuthConfig(ModuleConfig):
    name = "quickscale_modules.auth"
    label = "quickscale_auth"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.apps import apps

        from quickscale_modules.auth import checks  # noqa: F401 - registers the system checks
        from quickscale_modules.auth.app_settings import app_settings
        from quickscale_modules.auth.devices import connect as connect_new_device_signal

        connect_new_device_signal()
        if app_settings.SECURE_ADMIN_LOGIN is True and apps.is_installed("django.contrib.admin"):
            secure_admin_login()

    def seed_demo(self, context: dict[str, Any]) -> None:
        """The verified demo user ``demo@example.com`` / ``quickscale-demo``, in ``context["user"]``.

        Core's demo admin (``context["admin"]``) gets a verified address too, so it
        opens the admin at once; with staff MFA required the summary says it is
        sent to set up two-factor authentication first.
        """
        from quickscale_modules.auth.app_settings import app_settings
        from quickscale_modules.auth.models import User
        from quickscale_modules.auth.services import mark_email_verified

        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"first_name": "Demo", "last_name": "User"}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        mark_email_verified(user)
        context["user"] = user
        context["summary"].append(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
        admin = context.get("admin")
        if admin is not None:
            mark_email_verified(admin)
            if app_settings.REQUIRE_MFA_FOR_STAFF:
                context["summary"].append(
                    "Staff need two-factor authentication (QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF): after signing in, "
                    "the admin is sent to set it up (an authenticator app), then the admin opens."
                )
