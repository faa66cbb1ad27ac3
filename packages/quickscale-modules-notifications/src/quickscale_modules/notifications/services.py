"""Writes: the one way to notify, read, choose preferences and unsubscribe. Views, the API, admin,
commands and receivers call these.

``notify()`` works out the recipients in the request and enqueues one delivery task per recipient
when the transaction commits (quickscale_core.tasks): the task renders the kind's templates, stores
the in-app notification and sends the email. A task run twice (a retry, a worker restart) delivers
nothing twice: a notification is unique per (event, recipient) and is emailed once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Model
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quickscale_core.context_processors import site_name
from quickscale_core.tasks import enqueue_on_commit, task
from quickscale_modules.notifications import tokens
from quickscale_modules.notifications.app_settings import app_settings
from quickscale_modules.notifications.kinds import (
    DIGEST_KEY,
    EMAIL_CHOICES,
    EMAIL_DIGEST,
    EMAIL_IMMEDIATE,
    EMAIL_OFF,
    Kind,
    UnknownKindError,
    all_kinds,
    get_kind,
)
from quickscale_modules.notifications.models import Notification, Preference

#: The most notifications one digest email lists (the rest wait for the next one).
DIGEST_LIMIT = 50


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template (subject, text body) rendered without HTML escaping."""
    template: Any = get_template(template_name)
    return str(template.template.render(Context(context, autoescape=False)))


# -- notify --------------------------------------------------------------------------------------


def team_member_ids(team: Model, roles: Iterable[str] | None = None) -> list[int]:
    """The user ids of ``team``'s members, with one of ``roles`` when given.

    A team is any model with a ``memberships`` relation whose rows have ``user`` and ``role``
    (quickscale-modules-teams' Team, or a project's own): no module is imported.
    """
    memberships = getattr(team, "memberships", None)
    if memberships is None:
        raise TypeError(f"{type(team).__name__} has no 'memberships' relation: pass recipients=[...] instead of team=.")
    queryset = memberships.all()
    if roles is not None:
        queryset = queryset.filter(role__in=list(roles))
    return list(queryset.values_list("user_id", flat=True))


def notify(
    *,
    kind: str,
    recipients: Iterable[Any] = (),
    team: Model | None = None,
    roles: Iterable[str] | None = None,
    context: dict[str, Any] | None = None,
    target: Model | None = None,
    url: str = "",
    exclude: Iterable[Any] = (),
) -> str:
    """Notify ``recipients`` (users) and/or the members of ``team`` (with one of ``roles``) of ``kind``.

    ``context`` (JSON-serialisable: it travels to a worker) fills the kind's templates; ``target``
    is the object it is about (its ``get_absolute_url()`` is the link unless ``url`` is given);
    ``exclude`` leaves users out (the one who acted). Returns the event id shared by every recipient's
    notification. Each recipient's preferences decide the channels, in the delivery task.
    """
    get_kind(kind)  # an unknown kind fails here, in the caller, not in a worker
    ids = {int(getattr(user, "pk", user)) for user in recipients}
    if team is not None:
        ids.update(team_member_ids(team, roles))
    ids -= {int(getattr(user, "pk", user)) for user in exclude}
    event = str(uuid.uuid4())
    if not ids:
        return event
    target_ref: list[Any] | None = None
    if target is not None:
        target_ref = [ContentType.objects.get_for_model(target).pk, str(target.pk)]
        if not url and hasattr(target, "get_absolute_url"):
            url = str(target.get_absolute_url())
    active = get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    for user_id in sorted(active):
        enqueue_on_commit(deliver, event, user_id, kind, context or {}, target_ref, url)
    return event


def effective_channels(kind: Kind, preference: Preference | None) -> tuple[bool, str]:
    """(in-app on?, email choice) for a kind under a user's saved preference or the kind's defaults."""
    if preference is None:
        return kind.in_app, kind.email
    return preference.in_app, preference.email


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return app_settings.SITE_URL + (path if path.startswith("/") else "/" + path)


@task()
def deliver(
    event: str, recipient_id: int, kind_key: str, context: dict[str, Any], target: list[Any] | None, url: str
) -> str:
    """Deliver one notification to one user (a task; idempotent). Returns what it did, for logs and tests."""
    kind = get_kind(kind_key)
    user = get_user_model().objects.filter(pk=recipient_id, is_active=True).first()
    if user is None:
        return "gone"
    in_app, email = effective_channels(kind, Preference.objects.filter(user=user, kind=kind_key).first())
    if not in_app and email == EMAIL_OFF:
        return "muted"
    target_object = _target(target)
    rendered = {**context, "recipient": user, "target": target_object, "url": absolute_url(url)}
    notification, _created = Notification.objects.get_or_create(
        event=event,
        recipient=user,
        defaults={
            "kind": kind_key,
            "title": " ".join(render_text(kind.template("subject.txt"), rendered).split())[:255],
            "body": render_text(kind.template("body.txt"), rendered).strip(),
            "url": url,
            "target_type_id": target[0] if target else None,
            "target_id": target[1] if target else "",
            "in_app": in_app,
            "digest_pending": email == EMAIL_DIGEST,
        },
    )
    if email != EMAIL_IMMEDIATE or notification.emailed_at is not None:
        return "stored"
    if not getattr(user, "email", ""):
        return "no address"
    message = build_email(user, kind, rendered, notification)
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return "emailed"


def _target(target: list[Any] | None) -> Model | None:
    if not target:
        return None
    content_type = ContentType.objects.filter(pk=target[0]).first()
    model = content_type.model_class() if content_type else None
    if model is None:
        return None
    found: Model | None = model._default_manager.filter(pk=target[1]).first()
    return found


# -- email ---------------------------------------------------------------------------------------


def unsubscribe_url(user: Any, kind_key: str) -> str:
    """The signed one-click link that turns ``kind_key``'s email off for ``user`` (one use)."""
    preference = Preference.objects.filter(user=user, kind=kind_key).only("version").first()
    token = tokens.make_token(int(user.pk), kind_key, preference.version if preference else 0)
    return absolute_url(reverse("quickscale_notifications:unsubscribe", kwargs={"token": token}))


def _email(
    user: Any, subject: str, text_template: str, html_template: str, context: dict[str, Any], kind_key: str
) -> EmailMultiAlternatives:
    link = unsubscribe_url(user, kind_key)
    context = {
        **context,
        "site_name": site_name(),
        "unsubscribe_url": link,
        "preferences_url": absolute_url(reverse("quickscale_notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_text(text_template, context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(html_template, context), "text/html")
    return message


def build_email(user: Any, kind: Kind, context: dict[str, Any], notification: Notification) -> EmailMultiAlternatives:
    """The email of one notification: the kind's text and HTML bodies in the shared layout, unsubscribe headers."""
    context = {**context, "notification": notification, "kind": kind, "body_template": kind.template("body.html")}
    context["text_body"] = render_text(kind.template("body.txt"), context).strip()
    return _email(
        user,
        notification.title,
        "quickscale_notifications/email/notification.txt",
        "quickscale_notifications/email/notification.html",
        context,
        kind.key,
    )


# -- digest --------------------------------------------------------------------------------------


def send_digests() -> int:
    """Enqueue one digest task per user with notifications waiting (``notifications_digest``, daily)."""
    user_ids = sorted(set(Notification.objects.filter(digest_pending=True).values_list("recipient_id", flat=True)))
    for user_id in user_ids:
        enqueue_on_commit(send_digest, user_id)
    return len(user_ids)


@task()
def send_digest(user_id: int) -> int:
    """Email ``user_id`` one message listing what waits for the digest; returns how many it listed."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    pending = Notification.objects.filter(recipient_id=user_id, digest_pending=True).order_by("created", "pk")
    rows = list(pending[:DIGEST_LIMIT])
    if not rows:
        return 0
    if user is not None and str(getattr(user, "email", "") or ""):
        for row in rows:
            row.url = absolute_url(row.url)
        subject = _("Your %(site)s digest: %(count)s new notifications") % {"site": site_name(), "count": len(rows)}
        _email(
            user,
            subject,
            "quickscale_notifications/email/digest.txt",
            "quickscale_notifications/email/digest.html",
            {"notifications": rows, "recipient": user},
            DIGEST_KEY,
        ).send()
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(digest_pending=False, emailed_at=timezone.now())
    return len(rows)


# -- inbox ---------------------------------------------------------------------------------------


def mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark ``user``'s ``notification`` read (another user's is refused with PermissionError)."""
    if notification.recipient_id != getattr(user, "pk", None):
        raise PermissionError("This notification belongs to another user.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# -- preferences and unsubscribe -----------------------------------------------------------------


def set_preference(*, user: Any, kind: str, in_app: bool, email: str) -> Preference:
    """Save ``user``'s channels for ``kind`` (``email`` one of immediate, digest, off)."""
    get_kind(kind)
    if email not in EMAIL_CHOICES:
        raise ValueError(f"email must be one of {', '.join(EMAIL_CHOICES)}, not {email!r}.")
    preference, _created = Preference.objects.update_or_create(
        user=user, kind=kind, defaults={"in_app": in_app, "email": email}
    )
    return preference


def check_unsubscribe(token: str) -> tokens.UnsubscribeClaim:
    """The claim of a genuine, unexpired and unused token (what the confirmation page shows); changes nothing.

    Raises :class:`~quickscale_modules.notifications.tokens.InvalidTokenError` otherwise.
    """
    claim = tokens.read_token(token)
    preference = Preference.objects.filter(user_id=claim.user_id, kind=claim.kind).only("version").first()
    if (preference.version if preference else 0) != claim.version:
        raise tokens.InvalidTokenError("already used")
    return claim


@transaction.atomic
def unsubscribe(token: str) -> list[str]:
    """Turn off the email of the token's kind (or, for a digest, of every kind on the digest) for its user.

    Returns the kinds turned off. Raises :class:`~quickscale_modules.notifications.tokens.InvalidTokenError`
    for a forged, expired or already used token; nothing changes then.
    """
    claim = tokens.read_token(token)
    user = get_user_model().objects.filter(pk=claim.user_id).first()
    if user is None:
        raise tokens.InvalidTokenError("no such user")
    if claim.kind == DIGEST_KEY:
        guard, _created = Preference.objects.select_for_update().get_or_create(
            user=user, kind=DIGEST_KEY, defaults={"in_app": False, "email": EMAIL_OFF}
        )
        affected = [kind for kind, in_app, email in _channels(user) if email == EMAIL_DIGEST]
    else:
        try:
            kind = get_kind(claim.kind)
        except UnknownKindError as error:
            raise tokens.InvalidTokenError("unknown kind") from error
        guard, _created = Preference.objects.select_for_update().get_or_create(
            user=user, kind=kind.key, defaults={"in_app": kind.in_app, "email": kind.email}
        )
        affected = [kind]
    if guard.version != claim.version:
        raise tokens.InvalidTokenError("already used")
    guard.version += 1
    guard.save(update_fields=["version", "updated"])
    for kind in affected:
        preference, _created = Preference.objects.get_or_create(
            user=user, kind=kind.key, defaults={"in_app": kind.in_app, "email": EMAIL_OFF}
        )
        if preference.email != EMAIL_OFF:
            preference.email = EMAIL_OFF
            preference.save(update_fields=["email", "updated"])
    return [kind.key for kind in affected]


def _channels(user: Any) -> list[tuple[Kind, bool, str]]:
    saved = {pref.kind: pref for pref in Preference.objects.filter(user=user)}
    return [(kind, *effective_channels(kind, saved.get(kind.key))) for kind in all_kinds()]


# -- retention and account lifecycle ---------------------------------------------------------------


def prune(*, days: int | None = None) -> int:
    """Delete notifications older than ``days`` (default ``QUICKSCALE_NOTIFICATIONS_RETENTION_DAYS``)."""
    keep = app_settings.RETENTION_DAYS if days is None else days
    deleted, _per_model = Notification.objects.filter(created__lt=timezone.now() - timedelta(days=keep)).delete()
    return deleted


def delete_user_data(*, user: Any) -> None:
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()


def export_user_data(*, user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "kind": row.kind,
                "title": row.title,
                "body": row.body,
                "url": row.url,
                "created": row.created.isoformat(),
                "read": row.read_at.isoformat() if row.read_at else None,
                "emailed": row.emailed_at.isoformat() if row.emailed_at else None,
            }
            for row in Notification.objects.filter(recipient=user).order_by("created", "pk")
        ],
        "preferences": [
            {"kind": pref.kind, "in_app": pref.in_app, "email": pref.email}
            for pref in Preference.objects.filter(user=user).exclude(kind=DIGEST_KEY)
        ],
    }
