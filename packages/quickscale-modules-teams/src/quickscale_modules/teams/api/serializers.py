from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quickscale_core.api.serializers import ModelSerializer, Serializer
from quickscale_modules.teams import roles
from quickscale_modules.teams.models import Invitation, Membership, Team


class TeamSerializer(ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ("slug", "name", "personal", "created")
        read_only_fields = ("slug", "personal", "created")


class MyTeamSerializer(Serializer[Membership]):
    """A team as seen by one of its members (from the membership, with the team loaded)."""

    slug = serializers.CharField(source="team.slug", read_only=True)
    name = serializers.CharField(source="team.name", read_only=True)
    personal = serializers.BooleanField(source="team.personal", read_only=True)
    role = serializers.CharField(read_only=True)
    member_count = serializers.IntegerField(read_only=True)


class MemberSerializer(ModelSerializer[Membership]):
    email = serializers.EmailField(source="user.email", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)

    class Meta:
        model = Membership
        fields = ("id", "user", "email", "role", "created")
        read_only_fields = ("id", "user", "email", "created")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["role"] = serializers.ChoiceField(choices=roles.role_choices())
        return fields


class InvitationSerializer(ModelSerializer[Invitation]):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = ("id", "email", "role", "status", "invited_by", "created", "expires")
        read_only_fields = ("id", "status", "invited_by", "created", "expires")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["role"] = serializers.ChoiceField(
            choices=roles.role_choices(), required=False, help_text="Without it, the default role (settings)."
        )
        return fields


class AcceptSerializer(Serializer[Any]):
    token = serializers.CharField(help_text="The token of the invitation email's link.")


class TransferSerializer(Serializer[Any]):
    membership = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of the member who becomes owner (GET .../members/)."
    )
