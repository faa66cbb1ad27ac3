"""Signed one-click unsubscribe tokens: one user, one kind, one use.

The token signs ``(user id, kind, preference version)`` with the project's SECRET_KEY
(``django.core.signing``, salted for this use) and a timestamp. It cannot be forged (the signature),
moved to another user or kind (both are inside the signature), used after
``QUICKSCALE_NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS`` or replayed: each unsubscribe raises the
preference's version, and a token signed for an older version is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from quickscale_modules.notifications.app_settings import app_settings

SALT = "quickscale_notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    user_id: int
    kind: str
    version: int


class InvalidTokenError(ValueError):
    """The link is forged, expired, malformed or already used."""


def make_token(user_id: int, kind: str, version: int) -> str:
    return signing.dumps([user_id, kind, version], salt=SALT, compress=True)


def read_token(token: str) -> UnsubscribeClaim:
    """The claim inside ``token``; raises :class:`InvalidTokenError` unless it is genuine and not expired."""
    max_age = timedelta(days=app_settings.UNSUBSCRIBE_MAX_AGE_DAYS)
    try:
        user_id, kind, version = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidTokenError(str(error)) from error
    if not isinstance(user_id, int) or not isinstance(kind, str) or not isinstance(version, int):
        raise InvalidTokenError("malformed claim")
    return UnsubscribeClaim(user_id=user_id, kind=kind, version=version)
