"""allauth adapters: the seam a project subclasses to change how accounts behave.

Point ``ACCOUNT_ADAPTER`` / ``SOCIALACCOUNT_ADAPTER`` at a subclass of these
(the layer sets these classes as the default).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase

from quickscale_core.mail import send_later
from quickscale_modules.auth.app_settings import app_settings
from quickscale_modules.auth.devices import FIRST_SIGN_IN_ATTR

#: Request attribute holding the signup password that passed validation, until the response.
SIGNUP_CREDENTIAL_ATTR = "_quickscale_auth_signup_password"


class AccountAdapter(DefaultAccountAdapter):
    """Signup follows ``QUICKSCALE_AUTH_SIGNUP_OPEN``; a burst of wrong passwords gets HTTP 429;
    signing up with a known address costs what signing up with a new one costs; an account's first
    sign-in is marked so that it does not count as one from a new device (devices.py)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(app_settings.SIGNUP_OPEN)

    def clean_password(self, password: str, user: AbstractBaseUser | None = None) -> str:
        password = super().clean_password(password, user=user)
        request = context.request
        if request is not None and (user is None or user.pk is None):
            # A signup (the form passes an unsaved user, the headless API none): remember the
            # password for respond_email_verification_sent. It is in request.POST/body anyway.
            setattr(request, SIGNUP_CREDENTIAL_ATTR, password)
        return password

    def respond_email_verification_sent(self, request: HttpRequest, user: AbstractBaseUser | None) -> HttpResponseBase:
        # No user: enumeration prevention answers a signup for an address that already has an
        # account as if it were new. A new account's password is hashed (save_user); without the same
        # hash here the answer comes ~25x faster and tells the address is known. Like Django's
        # ModelBackend.authenticate for an unknown user. Signups without a password (social, passkey)
        # hash nothing on either path, so nothing is hashed for them here either.
        password = getattr(request, SIGNUP_CREDENTIAL_ATTR, None)
        if user is None and password:
            make_password(password)
        response: HttpResponseBase = super().respond_email_verification_sent(request, user)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the message in the request, send it from a worker once the transaction commits.

        Verification, reset and security notices no longer wait for the mail server, and a server
        that refuses is retried with backoff (quickscale_core.mail.send_later).
        """
        request = globals()["context"].request
        full_context = {"request": request, "email": email, "current_site": get_current_site(request)}
        full_context.update(context)
        send_later(self.render_mail(template_prefix, email, full_context))

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        # Before Django's login() stamps last_login: an account's first sign-in is not one "from a new device".
        setattr(request, FIRST_SIGN_IN_ATTR, user.last_login is None)
        super().login(request, user)

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
        if not enabled:  # no provider offered: no SocialApp query (the login page would run one per request)
            return []
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.provider in enabled or app.provider_id in enabled]
