from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quickscale_modules.teams import roles
from quickscale_modules.teams.models import Invitation, Membership, Team


class TeamSerializer(serializers.ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ("slug", "name", "personal", "created")
        read_only_fields = ("slug", "personal", "created")


class MyTeamSerializer(serializers.Serializer[Membership]):
    """A team as seen by one of its members (from the membership, with the team loaded)."""

    slug = serializers.CharField(source="team.slug", read_only=True)
    name = serializers.CharField(source="team.name", read_only=True)
    personal = serializers.BooleanField(source="team.personal", read_only=True)
    role = serializers.CharField(read_only=True)
    member_count = serializers.IntegerField(read_only=True)


class MemberSerializer(serializers.ModelSerializer[Membership]):
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


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)
    role = serializers.CharField(required=False)

    class Meta:
        model = Invitation
        fields = ("id", "email", "role", "status", "invited_by", "created", "expires")
        read_only_fields = ("id", "status", "invited_by", "created", "expires")


class AcceptSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()


class TransferSerializer(serializers.Serializer[Any]):
    membership = serializers.IntegerField(help_text="Id of the member who becomes owner.")
