"""New sign-in from a new device: ``quickscale_core.signals.new_sign_in`` when a browser signs a user in first.

A device is remembered by a long-lived cookie (``QUICKSCALE_AUTH_DEVICE_COOKIE_NAME``), set on every
sign-in: the users who signed in from this browser, each as a keyed hash of their id (not the id, which the
browser could read), in a value signed with the ``SECRET_KEY`` (salted for this use, timestamped: older than
``QUICKSCALE_AUTH_DEVICE_COOKIE_MAX_AGE_DAYS`` counts as absent). A missing, expired, forged or edited cookie,
or one without this user in it (another user's), means a new device. An account's first sign-in (it never
signed in before: right after signup, social signup included) is not "new": there is nothing to compare it to.

The work happens on allauth's ``user_logged_in``, which the form, the headless API (browser and app
clients), login by code, social login and the login after email confirmation all send with the response.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

from quickscale_core.signals import new_sign_in, send_on_commit
from quickscale_modules.auth.app_settings import app_settings

#: Salt of the cookie's signature and of the per-user hash: a value signed for another use does not fit here.
SALT = "quickscale_modules.auth.devices"
#: Request attribute the adapter sets before logging in: True when the account never signed in before.
FIRST_SIGN_IN_ATTR = "_quickscale_auth_first_sign_in"
#: How many users one browser remembers (the most recent ones): keeps the cookie small.
MAX_USERS_PER_DEVICE = 10
SEPARATOR = "."


def user_key(user: Any) -> str:
    """The user as the cookie names them: a keyed hash of the id, meaningless without the ``SECRET_KEY``."""
    return salted_hmac(SALT, str(user.pk), algorithm="sha256").hexdigest()[:24]


def known_users(request: HttpRequest) -> list[str]:
    """The users (``user_key``) this browser signed in before; empty when the cookie is absent or not genuine."""
    value = request.get_signed_cookie(
        app_settings.DEVICE_COOKIE_NAME,
        default=None,
        salt=SALT,
        max_age=app_settings.DEVICE_COOKIE_MAX_AGE_DAYS * 24 * 3600,
    )
    if not value:
        return []
    return [key for key in value.split(SEPARATOR) if key]


def is_known_device(request: HttpRequest, user: Any) -> bool:
    return user_key(user) in known_users(request)


def remember_device(request: HttpRequest, response: HttpResponseBase, user: Any) -> None:
    """Put ``user`` first in the browser's cookie (again), which also restarts its max age."""
    key = user_key(user)
    keys = [key, *(other for other in known_users(request) if other != key)][:MAX_USERS_PER_DEVICE]
    response.set_signed_cookie(
        app_settings.DEVICE_COOKIE_NAME,
        SEPARATOR.join(keys),
        salt=SALT,
        max_age=app_settings.DEVICE_COOKIE_MAX_AGE_DAYS * 24 * 3600,
        httponly=True,
        secure=bool(settings.SESSION_COOKIE_SECURE),
        samesite="Lax",
    )


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it (``ALLAUTH_TRUSTED_PROXY_COUNT``...), "" when unknown."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return ""


def on_user_logged_in(
    sender: Any, request: HttpRequest, user: Any, response: HttpResponseBase | None = None, **kwargs: Any
) -> None:
    """allauth's ``user_logged_in``: send ``new_sign_in`` for a device not seen before, then remember it."""
    first_sign_in = bool(getattr(request, FIRST_SIGN_IN_ATTR, False))
    if not first_sign_in and not is_known_device(request, user):
        send_on_commit(
            new_sign_in,
            sender=type(user),
            user=user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    if response is not None:
        remember_device(request, response, user)


def connect() -> None:
    from allauth.account.signals import user_logged_in

    user_logged_in.connect(on_user_logged_in, dispatch_uid="quickscale_auth.new_device")
