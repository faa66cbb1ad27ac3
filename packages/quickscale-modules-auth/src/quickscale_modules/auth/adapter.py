"""allauth adapters: the seam a project subclasses to change how accounts behave.

Point ``ACCOUNT_ADAPTER`` / ``SOCIALACCOUNT_ADAPTER`` at a subclass of these
(the layer sets these classes as the default).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from quickscale_modules.auth.app_settings import app_settings


class AccountAdapter(DefaultAccountAdapter):
    """Signup follows ``QUICKSCALE_AUTH_SIGNUP_OPEN``; a burst of wrong passwords gets HTTP 429."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(app_settings.SIGNUP_OPEN)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth shows "Too many failed login attempts" as a form error (HTTP 200);
        # we answer with a real 429 so clients, proxies and monitoring see the throttle.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            if exc.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from exc
            raise


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Offers only the providers listed in ``QUICKSCALE_AUTH_SOCIAL_PROVIDERS``."""

    def list_apps(self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None) -> Any:
        enabled = set(app_settings.SOCIAL_PROVIDERS)
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.provider in enabled or app.provider_id in enabled]
