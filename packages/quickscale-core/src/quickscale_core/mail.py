"""Email sent by a background task: render in the request, deliver in a worker.

``send_later(message)`` turns a built :class:`~django.core.mail.EmailMessage` into plain JSON and
enqueues :func:`deliver_email` when the transaction commits; the worker rebuilds the message and
sends it through the project's mail settings (SMTP, a provider API through django-anymail...).
A mail server that refuses is retried with backoff (quickscale_core.tasks).
"""

from __future__ import annotations

import base64
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives

from quickscale_core.tasks import enqueue_on_commit, task

__all__ = ["deliver_email", "message_from_data", "message_to_data", "send_later"]


def message_to_data(message: EmailMessage) -> dict[str, Any]:
    """A JSON-serialisable copy of ``message`` (text, HTML alternatives, headers, attachments)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = tuple(attachment)[:3]
        raw = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    alternatives = [list(alt)[:2] for alt in getattr(message, "alternatives", [])]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), str(mimetype)] for content, mimetype in alternatives],
        "attachments": attachments,
        "content_subtype": message.content_subtype,
    }


def message_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    """The message :func:`message_to_data` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email"),
        to=data.get("to") or [],
        cc=data.get("cc") or [],
        bcc=data.get("bcc") or [],
        reply_to=data.get("reply_to") or [],
        headers=data.get("headers") or {},
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data.get("alternatives") or []:
        message.attach_alternative(content, mimetype)
    for filename, encoded, mimetype in data.get("attachments") or []:
        message.attach(filename, base64.b64decode(encoded), mimetype)
    return message


@task()
def deliver_email(message: dict[str, Any]) -> int:
    """Send one message built by :func:`message_to_data`; returns the number sent (0 or 1)."""
    return message_from_data(message).send()


def send_later(message: EmailMessage) -> None:
    """Send ``message`` from a worker, once the current transaction commits."""
    enqueue_on_commit(deliver_email, message_to_data(message))
