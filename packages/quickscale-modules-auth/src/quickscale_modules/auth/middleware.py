"""``QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF``: staff without an authenticator are sent to MFA setup."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from quickscale_modules.auth.app_settings import app_settings
from quickscale_modules.auth.selectors import has_second_factor

#: Pages a staff user without MFA can still reach: setting MFA up needs them.
ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_login",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
    }
)
SETUP_URL_NAME = "mfa_index"


def is_allowed_without_mfa(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 reveals nothing
    if "headless" in match.namespaces:
        return True  # a single-page front end sets MFA up through allauth's API
    name = match.url_name or ""
    return name in ALLOWED_URL_NAMES or name.startswith("mfa_")


class StaffMFAMiddleware:
    """Redirects staff users without TOTP or a security key to ``mfa_index`` when the setting is on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            app_settings.REQUIRE_MFA_FOR_STAFF
            and user.is_authenticated
            and user.is_staff
            and not is_allowed_without_mfa(request)
            and not has_second_factor(user)
        ):
            messages.warning(
                request, "Staff accounts need two-factor authentication: set it up to continue.", fail_silently=True
            )
            return HttpResponseRedirect(reverse(SETUP_URL_NAME))
        return self.get_response(request)
