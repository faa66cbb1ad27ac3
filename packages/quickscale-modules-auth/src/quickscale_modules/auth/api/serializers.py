from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quickscale_core.api.serializers import ModelSerializer
from quickscale_modules.auth import selectors, services
from quickscale_modules.auth.models import User


class MeSerializer(ModelSerializer[User]):
    """The signed-in user; only the name can be changed here (email changes need verification)."""

    email_verified = serializers.SerializerMethodField()
    mfa_enabled = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "email", "first_name", "last_name", "date_joined", "email_verified", "mfa_enabled")
        read_only_fields = ("id", "email", "date_joined")

    def get_email_verified(self, user: User) -> bool:
        return selectors.is_email_verified(user)

    def get_mfa_enabled(self, user: User) -> bool:
        return selectors.has_second_factor(user)

    def update(self, instance: User, validated_data: dict[str, Any]) -> User:
        return services.update_profile(  # type: ignore[no-any-return]
            instance, first_name=validated_data.get("first_name"), last_name=validated_data.get("last_name")
        )
