"""The Content-Security-Policy: one settings surface on Django 5.2 (django-csp) and 6.x (Django's own)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import django
import pytest
from django.test import Client, override_settings

from quickscale_core import checks, csp
from tests.test_settings import SECRET, make_project, run

NONCE_IN_HEADER = re.compile(r"script-src 'self' 'nonce-([^']+)'")
NONCE_IN_PAGE = re.compile(r'<script nonce="([^"]+)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")([^>]*)>", re.I)


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def inline_code(html: str, nonce: str) -> list[str]:
    """Inline scripts and styles the policy blocks: without the response's nonce, handlers, style=."""
    blocked = [match.group(0) for match in INLINE_SCRIPT.finditer(html) if f'nonce="{nonce}"' not in match.group(1)]
    blocked += [tag for tag in re.findall(r"<style[^>]*>", html) if f'nonce="{nonce}"' not in tag]
    blocked += re.findall(r"<[^>]+\s(?:on[a-z]+|style)=[^>]*>", html)
    return blocked


def test_policy_is_strict() -> None:
    client = Client()
    header = client.get("/csp/no-script/")["Content-Security-Policy"]

    assert directives(header) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_inline_script_nonce_matches_the_header() -> None:
    client = Client()
    first, second = client.get("/csp/inline-script/"), client.get("/csp/inline-script/")

    header_nonce = NONCE_IN_HEADER.search(first["Content-Security-Policy"])
    page_nonce = NONCE_IN_PAGE.search(first.content.decode())
    assert header_nonce
    assert page_nonce
    assert header_nonce.group(1) == page_nonce.group(1)
    assert len(header_nonce.group(1)) >= 16
    assert f"'nonce-{header_nonce.group(1)}'" not in second["Content-Security-Policy"]  # one per response


def test_a_view_adds_sources_to_its_own_policy() -> None:
    client = Client()

    extended = directives(client.get("/csp/posts-elsewhere/")["Content-Security-Policy"])
    default = directives(client.get("/csp/no-script/")["Content-Security-Policy"])

    assert extended["form-action"] == "'self' https://pay.example.net"
    assert default["form-action"] == "'self'"
    assert {k: v for k, v in extended.items() if k != "form-action"} == {
        k: v for k, v in default.items() if k != "form-action"
    }


def test_report_only_policy_and_its_per_view_sources() -> None:
    with override_settings(SECURE_CSP={}, SECURE_CSP_REPORT_ONLY=csp.policy(report_uri="/csp-reports/")):
        response = Client().get("/csp/posts-elsewhere/")

    assert "Content-Security-Policy" not in response
    reported = directives(response["Content-Security-Policy-Report-Only"])
    assert reported["form-action"] == "'self' https://pay.example.net"
    assert reported["report-uri"] == "/csp-reports/"


@pytest.mark.skipif(django.VERSION >= (6, 0), reason="Django 6 sends the header with its own middleware")
@pytest.mark.parametrize("path", ["/csp/no-script/", "/csp/inline-script/"])
@pytest.mark.parametrize("report_only", [False, True])
def test_headers_built_once_are_django_csps_own(path: str, report_only: bool) -> None:
    """The policy from settings is built once per process; django-csp's per-response build gives the same."""
    from csp.middleware import CSPMiddleware

    policy = csp.policy(report_uri="/csp-reports/")
    configured = {"SECURE_CSP": {}, "SECURE_CSP_REPORT_ONLY": policy} if report_only else {"SECURE_CSP": policy}
    header = "Content-Security-Policy-Report-Only" if report_only else "Content-Security-Policy"
    with override_settings(**configured):
        ours = Client().get(path)
        # The same request through django-csp's own process_response (the subclass's policy parts).
        built_per_response = Client()
        original = csp.ContentSecurityPolicyMiddleware.process_response
        csp.ContentSecurityPolicyMiddleware.process_response = CSPMiddleware.process_response  # type: ignore[method-assign]
        try:
            theirs = built_per_response.get(path)
        finally:
            csp.ContentSecurityPolicyMiddleware.process_response = original  # type: ignore[method-assign]

    def without_nonce(value: str) -> dict[str, str]:
        return directives(re.sub(r"'nonce-[^']+'", "'nonce-N'", value))

    assert without_nonce(ours[header]) == without_nonce(theirs[header])
    assert ("'nonce-" in ours[header]) is (path == "/csp/inline-script/")
    page_nonce = NONCE_IN_PAGE.search(ours.content.decode())
    if page_nonce:
        assert f"'nonce-{page_nonce.group(1)}'" in ours[header]
    other = "Content-Security-Policy" if report_only else "Content-Security-Policy-Report-Only"
    assert other not in ours
    assert other not in theirs


def test_extended_keeps_what_the_policy_leaves_open() -> None:
    config = {"default-src": ["'self'"], "frame-src": ["'none'"], "upgrade-insecure-requests": True}

    result = csp.extended(config, {"frame-src": ["https://a.example"], "form-action": ["https://b.example"]})

    assert result["frame-src"] == ["https://a.example"]  # 'none' gives way
    assert "form-action" not in result  # left out: already unrestricted, never narrowed to one host
    assert result["upgrade-insecure-requests"] is True
    assert csp.extended(config, {"upgrade-insecure-requests": ["x"]})["upgrade-insecure-requests"] is True


def test_csp_constants_are_djangos_strings() -> None:
    assert csp.CSP.SELF == "'self'"
    assert csp.NONCE == "<CSP_NONCE_SENTINEL>"
    if django.VERSION >= (6, 0):
        from django.utils import csp as django_csp

        assert {member.name: member.value for member in csp.CSP} == {
            name: django_csp.CSP[name].value for name in csp.CSP.__members__
        }


def test_admin_login_has_no_inline_code() -> None:
    response = Client().get("/admin/login/")

    nonce = NONCE_IN_HEADER.search(response["Content-Security-Policy"])
    assert response.status_code == 200
    assert inline_code(response.content.decode(), nonce.group(1) if nonce else "") == []


def test_api_docs_work_under_the_policy(logged_in_client: Client, user: Any) -> None:
    page = logged_in_client.get("/api/docs/")
    script = logged_in_client.get("/api/docs/?script=")

    html = page.content.decode()
    style_nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", page["Content-Security-Policy"])
    assert style_nonce, page["Content-Security-Policy"]
    assert inline_code(html, style_nonce.group(1)) == []
    assert '<script src="/api/docs/?script=' in html
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
    assert b'"validatorUrl": null' in script.content  # no badge image from swagger.io


PAGE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/page/", secure=True)
print(json.dumps({
    "body": response.content.decode(),
    "enforced": response.get("Content-Security-Policy"),
    "reported": response.get("Content-Security-Policy-Report-Only"),
}))
"""

URLS = """
from django.http import HttpResponse
from django.template import engines
from django.urls import path

def page(request):
    return HttpResponse(engines["django"].from_string('<script nonce="{{ csp_nonce }}"></script>').render({}, request))

urlpatterns = [path("page/", page)]
"""

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_DEFAULT_FROM_EMAIL": "Acme <noreply@acme.io>",
}


def production_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, "from quickscale_core.settings.production import *  # noqa")
    (project / "mysite" / "urls.py").write_text(URLS)
    return project


def test_production_sends_the_policy_with_the_templates_nonce(tmp_path: Path) -> None:
    project = production_project(tmp_path)

    result = run(project, "-c", PAGE, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    header_nonce = NONCE_IN_HEADER.search(values["enforced"])
    page_nonce = NONCE_IN_PAGE.search(values["body"])
    assert header_nonce
    assert page_nonce
    assert header_nonce.group(1) == page_nonce.group(1)
    assert "report-uri" not in values["enforced"]
    assert values["reported"] is None


def test_production_reports_to_the_chosen_uri(tmp_path: Path) -> None:
    project = production_project(tmp_path)
    env = {**PRODUCTION_ENV, "DJANGO_CSP_REPORT_URI": "https://reports.acme.io/csp"}

    values = json.loads(run(project, "-c", PAGE, env=env).stdout)

    assert directives(values["enforced"])["report-uri"] == "https://reports.acme.io/csp"


def test_report_only_is_reported_and_warned_about_by_check_deploy(tmp_path: Path) -> None:
    project = production_project(tmp_path)
    env = {**PRODUCTION_ENV, "DJANGO_CSP_REPORT_ONLY": "true"}

    values = json.loads(run(project, "-c", PAGE, env=env).stdout)
    check = run(project, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert values["enforced"] is None
    assert NONCE_IN_HEADER.search(values["reported"])
    assert check.returncode != 0
    assert "quickscale_core.W004" in check.stderr
    assert "DJANGO_CSP_REPORT_ONLY is on" in check.stderr


def test_deploy_check_warns_without_the_middleware() -> None:
    middleware = [name for name in django_settings("MIDDLEWARE") if name != csp.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        messages = checks.check_csp()

    assert [m.id for m in messages] == ["quickscale_core.W004"]
    assert "responses carry no Content-Security-Policy" in messages[0].msg
    assert csp.MIDDLEWARE in str(messages[0].hint)


def test_deploy_check_warns_about_an_empty_policy() -> None:
    with override_settings(SECURE_CSP={}, SECURE_CSP_REPORT_ONLY={}):
        messages = checks.check_csp()

    assert [m.id for m in messages] == ["quickscale_core.W004"]
    assert "only reported" not in messages[0].msg


def test_check_nonce_needs_the_context_processor() -> None:
    templates = [{**django_settings("TEMPLATES")[0], "OPTIONS": {"context_processors": []}}]
    with override_settings(TEMPLATES=templates):
        messages = checks.check_csp_nonce()
        without_nonce = {"script-src": ["'self'"], "upgrade-insecure-requests": True}
        with override_settings(SECURE_CSP=without_nonce):
            assert checks.check_csp_nonce() == []

    if django.VERSION >= (6, 0):
        assert messages == []  # Django's own security.W027 says it
    else:
        assert [m.id for m in messages] == ["quickscale_core.W005"]
        assert csp.CONTEXT_PROCESSOR in str(messages[0].hint)


def django_settings(name: str) -> Any:
    from django.conf import settings

    return getattr(settings, name)
