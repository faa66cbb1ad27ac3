"""Every HTML email template renders, and matches a text template allauth ships."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory

from quickscale_modules.auth.models import User

TEMPLATES = Path(__file__).parents[1] / "src" / "quickscale_modules" / "auth" / "templates"
HTML_MESSAGES = sorted(
    str(path.relative_to(TEMPLATES)) for path in TEMPLATES.glob("*/email/*_message.html") if "base_" not in path.name
)


def test_there_are_html_emails() -> None:
    assert len(HTML_MESSAGES) == 18  # 13 account emails, 5 MFA notices


@pytest.mark.parametrize("name", HTML_MESSAGES)
def test_html_email_renders(name: str) -> None:
    get_template(name.replace(".html", ".txt"))  # the text part allauth sends with it exists
    request = RequestFactory().get("/")
    context = {
        "user": User(email="ada@example.com"),
        "email": "ada@example.com",
        "current_site": {"name": "Example", "domain": "example.com"},
        "activate_url": "https://example.com/accounts/confirm-email/KEY/",
        "password_reset_url": "https://example.com/accounts/password/reset/key/1-x/",
        "signup_url": "https://example.com/accounts/signup/",
        "code": "ABC123",
        "from_email": "old@example.com",
        "to_email": "new@example.com",
        "deleted_email": "gone@example.com",
        "ip": "127.0.0.1",
        "user_agent": "pytest",
        "timestamp": "now",
    }
    html = render_to_string(name, context, request)
    assert html.startswith("<!doctype html>")
    assert "Hello from Example!" in html
    assert "{%" not in html
    assert "{{" not in html
