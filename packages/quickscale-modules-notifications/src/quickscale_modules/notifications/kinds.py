"""Notification kinds: what a module or project registers once, then names in ``notify(kind=...)``.

A kind has a key (``"teams.invitation"``), a title (shown in preferences), templates and default
channels. Register at start-up, e.g. in an ``AppConfig.ready``::

    from quickscale_modules.notifications.kinds import Kind, register

    register(Kind("reports.ready", _("A report is ready"), templates="reports/notifications/ready"))

``templates`` is a prefix: ``<prefix>_subject.txt`` (the title in the inbox and the email subject),
``<prefix>_body.txt`` (the inbox text and the email text part) and ``<prefix>_body.html`` (the email
HTML part, extending ``quickscale/email/base.html``); each is rendered with the notify context plus
``recipient`` and ``target``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

#: The channels, and the values a preference may take on each.
IN_APP = "in_app"
EMAIL = "email"
CHANNELS = (IN_APP, EMAIL)

#: The pseudo-kind of the daily digest's unsubscribe link: every kind the user gets as a digest.
DIGEST_KEY = "digest"

#: Values of the email channel: sent at once, batched into the daily digest, or not sent.
EMAIL_IMMEDIATE = "immediate"
EMAIL_DIGEST = "digest"
EMAIL_OFF = "off"
EMAIL_CHOICES = (EMAIL_IMMEDIATE, EMAIL_DIGEST, EMAIL_OFF)


class UnknownKindError(LookupError):
    """``notify()`` named a kind nobody registered."""


@dataclass(frozen=True)
class Kind:
    key: str
    title: str | Promise
    templates: str = ""
    #: Shown in the inbox by default.
    in_app: bool = True
    #: One of EMAIL_CHOICES: what the email channel does until the user chooses.
    email: str = EMAIL_IMMEDIATE
    extra: dict[str, Any] = field(default_factory=dict)

    def template(self, part: str) -> str:
        prefix = self.templates or f"quickscale_notifications/kinds/{self.key.replace('.', '_')}"
        return f"{prefix}_{part}"


_registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add ``kind`` (registering the same key again replaces it: a project may restyle a module's kind)."""
    if kind.email not in EMAIL_CHOICES:
        raise ValueError(f"Kind {kind.key!r}: email must be one of {', '.join(EMAIL_CHOICES)}, not {kind.email!r}.")
    _registry[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _registry.pop(key, None)


def get_kind(key: str) -> Kind:
    try:
        return _registry[key]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise UnknownKindError(
            f"Notification kind {key!r} is not registered (known: {known}): register it with "
            f"quickscale_modules.notifications.kinds.register(Kind(...)) in your AppConfig.ready()."
        ) from None


def all_kinds() -> list[Kind]:
    """Every registered kind, ordered by key."""
    return [_registry[key] for key in sorted(_registry)]
