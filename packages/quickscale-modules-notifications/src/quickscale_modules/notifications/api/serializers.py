from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quickscale_core.api.serializers import ModelSerializer, Serializer
from quickscale_modules.notifications.kinds import EMAIL_CHOICES
from quickscale_modules.notifications.models import Notification


class NotificationSerializer(ModelSerializer[Notification]):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "body", "url", "created", "read", "read_at")
        read_only_fields = fields


class UnreadCountSerializer(Serializer[Any]):
    unread = serializers.IntegerField(read_only=True)


class MarkedSerializer(Serializer[Any]):
    marked = serializers.IntegerField(read_only=True, help_text="How many notifications became read.")


class PreferenceSerializer(Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField()
    email = serializers.ChoiceField(choices=EMAIL_CHOICES)
