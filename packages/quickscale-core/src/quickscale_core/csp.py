"""The Content-Security-Policy header on both Django lines, through one settings surface.

Django 6 has the header built in; on Django 5.2 django-csp sends it. Projects see Django 6's
surface on both: ``SECURE_CSP`` and ``SECURE_CSP_REPORT_ONLY`` (directive -> sources), the nonce
sentinel :data:`NONCE`, and ``{{ csp_nonce }}`` in templates::

    <script nonce="{{ csp_nonce }}">...</script>

:data:`MIDDLEWARE` and :data:`CONTEXT_PROCESSOR` name the pieces of the running Django line;
the base settings install both. docs/settings.md lists the environment variables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import django
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


class CSP(StrEnum):
    """Source keywords of a policy: the same strings as Django 6's ``django.utils.csp.CSP``."""

    NONE = "'none'"
    REPORT_SAMPLE = "'report-sample'"
    SELF = "'self'"
    STRICT_DYNAMIC = "'strict-dynamic'"
    UNSAFE_EVAL = "'unsafe-eval'"
    UNSAFE_HASHES = "'unsafe-hashes'"
    UNSAFE_INLINE = "'unsafe-inline'"
    WASM_UNSAFE_EVAL = "'wasm-unsafe-eval'"
    #: Replaced by ``'nonce-<value>'`` in the header of a response whose template used ``csp_nonce``.
    NONCE = "<CSP_NONCE_SENTINEL>"


NONCE = CSP.NONCE.value
#: The settings of a policy: enforced, and reported only.
SETTINGS = ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY")
#: Where a view's own policy is kept on its response: Django 6's attributes, read by both middlewares.
RESPONSE_ATTRIBUTES = {"SECURE_CSP": "_csp_config", "SECURE_CSP_REPORT_ONLY": "_csp_ro_config"}

if django.VERSION >= (6, 0):
    MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
    CONTEXT_PROCESSOR = "django.template.context_processors.csp"
else:
    MIDDLEWARE = "quickscale_core.csp.ContentSecurityPolicyMiddleware"
    CONTEXT_PROCESSOR = "quickscale_core.csp.nonce"


def policy(*, report_uri: str = "") -> dict[str, list[str]]:
    """QuickScale's policy: only this origin, scripts and ``<style>`` blocks with the request's nonce.

    No inline event handlers or ``style=`` attributes, forms post to this origin only, no framing.
    """
    directives = {
        "default-src": [CSP.SELF.value],
        "script-src": [CSP.SELF.value, NONCE],
        "style-src": [CSP.SELF.value, NONCE],
        "img-src": [CSP.SELF.value, "data:"],
        "object-src": [CSP.NONE.value],
        "base-uri": [CSP.SELF.value],
        "frame-ancestors": [CSP.NONE.value],
        "form-action": [CSP.SELF.value],
    }
    if report_uri:
        directives["report-uri"] = [report_uri]
    return directives


def uses_nonce(config: Mapping[str, Any]) -> bool:
    """Whether a policy has the nonce sentinel in any directive."""
    return any(isinstance(values, list | tuple | set) and NONCE in values for values in config.values())


def extended(config: Mapping[str, Any], sources: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """``config`` with ``sources`` added to its directives.

    A directive the policy leaves out already allows everything (or falls back to ``default-src``,
    which these sources must not widen): it stays out. ``'none'`` gives way to the new sources.
    """
    result = dict(config)
    for directive, added in sources.items():
        current = result.get(directive)
        if not isinstance(current, list | tuple | set):
            continue
        kept = [value for value in current if value != CSP.NONE]
        result[directive] = list(dict.fromkeys([*kept, *added]))
    return result


def extend_response_policy(response: HttpResponseBase, sources: Mapping[str, Sequence[str]]) -> HttpResponseBase:
    """Add ``sources`` to the policy of this response only (enforced and report-only).

    For a page whose form posts to a view that redirects elsewhere (browsers apply ``form-action``
    to the redirect too): ``extend_response_policy(response, {"form-action": ["https://checkout.stripe.com"]})``.
    """
    for setting, attribute in RESPONSE_ATTRIBUTES.items():
        config = getattr(response, attribute, None)
        if config is None:
            config = getattr(settings, setting, {})
        if config:
            setattr(response, attribute, extended(config, sources))
    return response


def nonce(request: HttpRequest) -> dict[str, Any]:
    """Context processor (Django 5.2): ``csp_nonce``, the name Django 6's own processor gives it."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}


if django.VERSION < (6, 0):
    from csp.constants import NONCE as DJANGO_CSP_NONCE
    from csp.middleware import CSPMiddleware, PolicyParts

    def for_django_csp(config: Mapping[str, Any]) -> dict[str, Any]:
        """A Django 6 style policy in django-csp's terms (its nonce sentinel is an object)."""
        return {
            directive: [DJANGO_CSP_NONCE if value == NONCE else value for value in values]
            if isinstance(values, list | tuple | set)
            else values
            for directive, values in config.items()
        }

    from csp.constants import HEADER, HEADER_REPORT_ONLY
    from csp.middleware import CheckableLazyObject
    from csp.utils import build_policy
    from django.core.signals import setting_changed

    #: What a response carries when a view changed its own policy (Django 6's and django-csp's names), or
    #: exempted itself: then django-csp builds the header, as for any response under DEBUG's error pages.
    PER_RESPONSE = (
        "_csp_config", "_csp_ro_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro",
        "_csp_replace_ro", "_csp_exempt", "_csp_exempt_ro",
    )  # fmt: skip
    #: Stands for the request's nonce in a header built once (base64 never contains it).
    NONCE_MARK = "<quickscale-csp-nonce>"
    #: (header, value with NONCE_MARK, value without a nonce) of each policy in settings, built once per
    #: process (django-csp builds them anew for every response: 20% of the home page's time); None when
    #: django-csp's own settings exclude paths (then it decides per request).
    _headers: list[list[tuple[str, str, str]] | None] = []

    def settings_headers() -> list[tuple[str, str, str]] | None:
        if not _headers:
            excluded = any(
                (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
                for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
            )
            headers: list[tuple[str, str, str]] = []
            for header, setting in ((HEADER, SETTINGS[0]), (HEADER_REPORT_ONLY, SETTINGS[1])):
                config = for_django_csp(getattr(settings, setting, {}))
                report_only = header == HEADER_REPORT_ONLY
                with_nonce = build_policy(config=config, nonce=NONCE_MARK, report_only=report_only)
                if with_nonce:
                    headers.append((header, with_nonce, build_policy(config=config, report_only=report_only)))
            _headers.append(None if excluded else headers)
        return _headers[0]

    def forget_settings_headers(**kwargs: Any) -> None:
        _headers.clear()

    setting_changed.connect(forget_settings_headers, dispatch_uid="quickscale_core_csp_headers")

    class ContentSecurityPolicyMiddleware(CSPMiddleware):
        """django-csp's middleware reading ``SECURE_CSP``/``SECURE_CSP_REPORT_ONLY`` (Django 5.2).

        The headers of the policies in settings are built once per process; a response whose view set
        its own policy (or that is exempt) goes through django-csp's per-response build.
        """

        def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
            headers = settings_headers()
            if headers is None or any(hasattr(response, name) for name in PER_RESPONSE):
                return super().process_response(request, response)
            if settings.DEBUG and response.status_code in (404, 500):
                return response  # django-csp leaves Django's debug pages alone
            nonce = getattr(request, "_csp_nonce", None)
            for header, with_nonce, without in headers:
                if header not in response:
                    response[header] = with_nonce.replace(NONCE_MARK, nonce) if nonce else without
            if nonce is None:  # as django-csp: a nonce asked for after the header is written is an error
                request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
            return response

        def get_policy_parts(
            self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
        ) -> PolicyParts:
            parts = super().get_policy_parts(request, response, report_only)
            setting = SETTINGS[1] if report_only else SETTINGS[0]
            config = getattr(response, RESPONSE_ATTRIBUTES[setting], None)
            if config is None:
                config = getattr(settings, setting, {})
            parts.config = for_django_csp(config)
            return parts
