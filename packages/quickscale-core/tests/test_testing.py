from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.test import Client

from quickscale_core.testing import DEFAULT_PASSWORD, email_links, emails_to, last_email_to


def test_user_fixture_has_the_default_password(user: Any, password: str) -> None:
    assert password == DEFAULT_PASSWORD
    assert user.check_password(DEFAULT_PASSWORD)
    assert user.username == user.email.split("@")[0]


def test_user_factory_makes_distinct_users(user_factory: Any) -> None:
    first, second = user_factory(), user_factory(email="named@example.com")

    assert first.email != second.email
    assert second.username == "named"


def test_logged_in_client_is_authenticated(logged_in_client: Client, user: Any) -> None:
    assert int(logged_in_client.session["_auth_user_id"]) == user.pk


def test_email_links_reads_text_and_html_parts() -> None:
    message = EmailMultiAlternatives(body="Open https://example.com/a and https://example.com/a.", to=["a@x.io"])
    message.attach_alternative('<a href="https://example.com/b">b</a> https://example.com/a', "text/html")

    assert email_links(message) == ["https://example.com/a", "https://example.com/a.", "https://example.com/b"]


def test_mail_helpers(outbox: list[EmailMessage]) -> None:
    mail.send_mail("One", "first", "from@x.io", ["Ann@Example.com"])
    mail.send_mail("Two", "second", "from@x.io", ["ann@example.com", "bob@example.com"])

    assert [m.subject for m in emails_to("ann@example.com")] == ["One", "Two"]
    assert last_email_to("bob@example.com").subject == "Two"
    assert last_email_to("ann@example.com", outbox).subject == "Two"
    with pytest.raises(AssertionError, match=r"No email to carl@example.com; the outbox has mail to: \['Ann@"):
        last_email_to("carl@example.com")


def test_empty_outbox_message(outbox: list[EmailMessage]) -> None:
    with pytest.raises(AssertionError, match="the outbox has mail to: nobody"):
        last_email_to("carl@example.com")


@pytest.mark.django_db
def test_user_factory_follows_the_setting(settings: Any, request: pytest.FixtureRequest) -> None:
    settings.QUICKSCALE_USER_FACTORY = "tests.demoapp.factories.StaffUserFactory"

    factory = request.getfixturevalue("user_factory")

    assert factory.__name__ == "StaffUserFactory"
    assert factory().is_staff
