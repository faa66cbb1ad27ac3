"""The teams API: thin viewsets over the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_core.api.exceptions import Conflict
from quickscale_modules.teams import selectors, services
from quickscale_modules.teams.api.base import TeamAPIMixin
from quickscale_modules.teams.api.serializers import (
    AcceptSerializer,
    InvitationSerializer,
    MemberSerializer,
    MyTeamSerializer,
    TeamSerializer,
    TransferSerializer,
)
from quickscale_modules.teams.context import team_membership
from quickscale_modules.teams.exceptions import TeamError, TeamPermissionError
from quickscale_modules.teams.models import Invitation, Membership, Team

T = TypeVar("T")

#: Service refusals about one request field: a 400 with the message under that field.
FIELD_ERRORS = {"name_required": "name", "name_too_long": "name", "unknown_role": "role", "email_required": "email"}
#: Service refusals that mean "no such thing": a 404.
NOT_FOUND_ERRORS = frozenset({"invalid_token"})
#: The actions whose service can refuse in the current state (409, e.g. the last owner cannot leave).
CONFLICTS = (409,)


def call(action: Callable[[], T]) -> T:
    """Run a service: a role refusal is a 403, a field's a 400, an unknown token a 404, any other a 409.

    The body is the API's one error shape; ``code`` is the service's (``last_owner``, ``already_member``...).
    """
    try:
        return action()
    except TeamPermissionError as error:
        raise PermissionDenied(str(error), code=error.code) from error
    except TeamError as error:
        if error.code in FIELD_ERRORS:
            raise ValidationError({FIELD_ERRORS[error.code]: [str(error)]}, code=error.code) from error
        if error.code in NOT_FOUND_ERRORS:
            raise NotFound(str(error), code=error.code) from error
        raise Conflict(str(error), code=error.code) from error


class TeamListCreateView(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Your teams; create a team (you become its owner)."""

    serializer_class = MyTeamSerializer
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = {"create": CONFLICTS}

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.memberships_of_user(self.request.user)

    def list_count(self) -> int:
        # The page count without COUNT over the grouped member-count query (quickscale_core's pagination).
        return selectors.count_memberships_of_user(self.request.user)

    def list_page(self, offset: int, limit: int) -> list[Membership]:
        # The page's rows with prepared SQL (quickscale_core's pagination; the same rows as the queryset's slice).
        return selectors.memberships_of_user_page(self.request.user, offset, limit)

    def get_serializer_class(self) -> type[Any]:
        # What POST takes (OPTIONS describes it, action "metadata"); the list shows your memberships.
        return MyTeamSerializer if getattr(self, "action", None) == "list" else TeamSerializer

    @extend_schema(request=TeamSerializer, responses={201: TeamSerializer})
    def create(self, request: Request) -> Response:
        serializer = TeamSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = call(lambda: services.create_team(owner=request.user, name=serializer.validated_data["name"]))
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailView(TeamAPIMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """One team: read (members), rename (change_team), delete (delete_team), leave, transfer ownership."""

    serializer_class = TeamSerializer
    queryset = Team.objects.none()
    # The object is the team of the URL's slug (request.team, set by TeamAPIMixin.initial): DRF's
    # generic parts that ask for it (OPTIONS' metadata) look it up by this URL keyword.
    lookup_field = lookup_url_kwarg = "slug"
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = dict.fromkeys(
        ("update", "partial_update", "destroy", "leave", "transfer"), CONFLICTS
    )

    def get_object(self) -> Team:
        return team_membership(self.request).team

    def get_serializer_class(self) -> type[Any]:
        # The action map, not the action: OPTIONS (action "metadata") describes the route's POST too.
        return TransferSerializer if "transfer" in getattr(self, "action_map", {}).values() else TeamSerializer

    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(TeamSerializer(self.get_object()).data)

    def update(self, request: Request, slug: str, partial: bool = False) -> Response:
        team = self.get_object()
        serializer = TeamSerializer(team, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        name = serializer.validated_data.get("name", team.name)
        renamed = call(lambda: services.rename_team(team=team, by=request.user, name=name))
        return Response(TeamSerializer(renamed).data)

    def partial_update(self, request: Request, slug: str) -> Response:
        return self.update(request, slug, partial=True)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, slug: str) -> Response:
        team = team_membership(request).team
        call(lambda: services.delete_team(team=team, by=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    def leave(self, request: Request, slug: str) -> Response:
        team = team_membership(request).team
        call(lambda: services.leave_team(team=team, user=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TransferSerializer, responses={200: MemberSerializer})
    def transfer(self, request: Request, slug: str) -> Response:
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_membership(request).team
        target = get_object_or_404(Membership, pk=serializer.validated_data["membership"], team=team)
        membership = call(lambda: services.transfer_ownership(team=team, by=request.user, to=target))
        return Response(MemberSerializer(membership).data)


class MemberViewSet(
    TeamAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """A team's members: list, read, change role (PATCH/PUT ``role``), remove (DELETE)."""

    serializer_class = MemberSerializer
    queryset = Membership.objects.none()
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = dict.fromkeys(
        ("update", "partial_update", "destroy"), CONFLICTS
    )
    team_permissions: ClassVar[dict[str, str]] = {
        "update": "manage_members",
        "partial_update": "manage_members",
        "destroy": "manage_members",
    }

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return selectors.members_of(team_membership(self.request).team)

    def update(self, request: Request, slug: str, pk: str, partial: bool = False) -> Response:
        membership = self.get_object()
        serializer = MemberSerializer(membership, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        role = serializer.validated_data.get("role", membership.role)
        updated = call(lambda: services.change_role(membership=membership, by=request.user, role=role))
        return Response(MemberSerializer(updated).data)

    def partial_update(self, request: Request, slug: str, pk: str) -> Response:
        return self.update(request, slug, pk, partial=True)

    def destroy(self, request: Request, slug: str, pk: str) -> Response:
        membership = self.get_object()
        call(lambda: services.remove_member(membership=membership, by=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(
    TeamAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """A team's pending invitations: list, send (POST), revoke (DELETE), resend. Needs ``manage_invitations``."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = dict.fromkeys(("create", "destroy", "resend"), CONFLICTS)
    team_permissions: ClassVar[dict[str, str]] = dict.fromkeys(
        ("list", "retrieve", "create", "destroy", "resend"), "manage_invitations"
    )

    def get_queryset(self) -> QuerySet[Invitation]:
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return selectors.pending_invitations_of(team_membership(self.request).team)

    def create(self, request: Request, slug: str) -> Response:
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = team_membership(request).team
        invitation = call(
            lambda: services.invite(
                team=team,
                invited_by=request.user,
                email=data["email"],
                role=data.get("role"),
                request=request._request,
            )
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, slug: str, pk: str) -> Response:
        invitation = self.get_object()
        call(lambda: services.revoke_invitation(invitation=invitation, by=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def resend(self, request: Request, slug: str, pk: str) -> Response:
        invitation = self.get_object()
        updated = call(
            lambda: services.resend_invitation(invitation=invitation, by=request.user, request=request._request)
        )
        return Response(InvitationSerializer(updated).data)


class AcceptInvitationView(APIView):
    """Accept an invitation with the token from its email link (404: no invitation has this token)."""

    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = {"post": (404, *CONFLICTS)}

    @extend_schema(request=AcceptSerializer, responses={201: MemberSerializer})
    def post(self, request: Request) -> Response:
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token: Any = serializer.validated_data["token"]
        membership = call(lambda: services.accept_invitation(token=token, user=request.user))
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)
