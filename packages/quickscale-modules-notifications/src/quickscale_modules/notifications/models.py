"""Notification (one per recipient and event) and Preference (one per user and kind)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quickscale_modules.notifications.kinds import EMAIL_DIGEST, EMAIL_IMMEDIATE, EMAIL_OFF


class EmailChoice(models.TextChoices):
    IMMEDIATE = EMAIL_IMMEDIATE, _("Right away")
    DIGEST = EMAIL_DIGEST, _("Daily digest")
    OFF = EMAIL_OFF, _("Off")


class Notification(models.Model):
    #: One notify() call: every recipient's row shares it, and (event, recipient) is unique,
    #: so a delivery task run twice creates nothing twice.
    event = models.UUIDField(default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quickscale_notifications"
    )
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    #: Shown in the inbox (False when the user turned the in-app channel off for the kind).
    in_app = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    #: Waiting for the daily digest (the email channel was "digest" when it was created).
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["event", "recipient"], name="quickscale_notifications_once_per_event"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["recipient", "in_app", "read_at"], name="qs_notif_inbox"),
            models.Index(fields=["digest_pending", "recipient"], name="qs_notif_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quickscale_notification_preferences"
    )
    kind = models.CharField(max_length=100)
    in_app = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATE)
    #: Raised by each unsubscribe: a link signed for an older version is refused (no replay).
    version = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["kind"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "kind"], name="quickscale_notifications_one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} (in-app {'on' if self.in_app else 'off'}, email {self.email})"
