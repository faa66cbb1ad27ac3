"""Template context of every page: ``site_name`` (the brand in the header, titles and error pages) and
``nav_urls`` (the page shell's links, reversed once per process)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

#: The brand shown when ``QUICKSCALE_SITE_NAME`` is not set (``quickscale_core.W006`` warns in deploy checks).
DEFAULT_SITE_NAME = "QuickScale"

#: The links of the page shell (header, home, dashboard): ``{{ nav_urls.login }}`` in a template is the path of
#: ``account_login``, or "" when no URL has that name (its module is not installed). Projects add their own
#: with ``QUICKSCALE_NAV_URLS = {"reports": "reports:index"}``.
NAV_URLS: dict[str, str] = {
    "home": "home",
    "dashboard": "dashboard",
    "login": "account_login",
    "signup": "account_signup",
    "logout": "account_logout",
    "profile": "quickscale_auth:profile",
    "email": "account_email",
    "mfa": "mfa_index",
    "teams": "quickscale_teams:list",
    "pricing": "quickscale_billing:pricing",
    "billing": "quickscale_billing:overview",
    "notifications": "quickscale_notifications:inbox",
    "admin": "admin:index",
    "admin_login": "admin:login",
    "admin_logout": "admin:logout",
}

#: Reversed links by (URLconf, script prefix, language): a ``{% url %}`` costs a resolver walk on every
#: render (13-15 per page were ~15% of the home page); these are reversed once per process and key.
_reversed: dict[tuple[Any, str, str | None], dict[str, str]] = {}


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def nav_urls() -> dict[str, str]:
    """The page shell's links for the current URLconf, script prefix and language (see :data:`NAV_URLS`)."""
    key = (get_urlconf(), get_script_prefix(), get_language())
    found = _reversed.get(key)
    if found is None:
        names = {**NAV_URLS, **getattr(settings, "QUICKSCALE_NAV_URLS", {})}
        found = _reversed[key] = {alias: _reverse_or_empty(name) for alias, name in names.items()}
    return found


def forget_nav_urls(**kwargs: Any) -> None:
    """Reverse again after ``ROOT_URLCONF`` or ``QUICKSCALE_NAV_URLS`` changed (tests' ``override_settings``)."""
    _reversed.clear()


setting_changed.connect(forget_nav_urls, dispatch_uid="quickscale_core_forget_nav_urls")


def site_name() -> str:
    return str(getattr(settings, "QUICKSCALE_SITE_NAME", "") or DEFAULT_SITE_NAME)


def site(request: HttpRequest | None) -> dict[str, Any]:
    return {"site_name": site_name(), "nav_urls": nav_urls()}
