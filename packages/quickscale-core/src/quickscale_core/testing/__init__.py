"""Test helpers for QuickScale projects and modules.

The pytest plugin (``quickscale_core.testing.plugin``, loaded automatically
through the ``pytest11`` entry point) gives the fixtures; the functions here
work in any test runner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - a test password

_LINK = re.compile(r"https?://[^\s\"'<>]+")


def email_links(message: EmailMessage) -> list[str]:
    """Every http(s) link in a message's text and HTML parts, in order, without duplicates."""
    parts = [str(message.body)]
    if isinstance(message, EmailMultiAlternatives):
        parts += [str(content) for content, _mimetype in message.alternatives]
    return list(dict.fromkeys(link for part in parts for link in _LINK.findall(part)))


def emails_to(address: str, outbox: Sequence[EmailMessage] | None = None) -> list[EmailMessage]:
    """Messages in the test outbox sent to ``address`` (case-insensitive)."""
    messages = mail.outbox if outbox is None else outbox
    return [message for message in messages if address.lower() in (to.lower() for to in message.to)]


def last_email_to(address: str, outbox: Sequence[EmailMessage] | None = None) -> EmailMessage:
    """The newest message sent to ``address``; fails with the addresses that did get mail."""
    found = emails_to(address, outbox)
    if not found:
        messages = mail.outbox if outbox is None else outbox
        seen = sorted({to for message in messages for to in message.to})
        raise AssertionError(f"No email to {address}; the outbox has mail to: {seen or 'nobody'}.")
    return found[-1]


def run_db_worker() -> None:
    """Run the database task backend's worker over every task that is due, then return.

    ``manage.py db_worker --batch`` inside the test's transaction: what a worker does after the
    commit. The worker's ``close_old_connections()`` is left out, as it would close the test's
    connection (on PostgreSQL) in the middle of its transaction.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
