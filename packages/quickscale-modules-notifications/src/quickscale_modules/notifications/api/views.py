"""The notifications API: thin views over the same selectors and services as the pages.

Every path reads and writes the requesting user's rows only: another user's notification is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_modules.notifications import selectors, services
from quickscale_modules.notifications.api.serializers import (
    MarkedSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    UnreadCountSerializer,
)
from quickscale_modules.notifications.kinds import UnknownKindError, get_kind
from quickscale_modules.notifications.models import Notification

# The error statuses (403 logged out, 404, 400 ...) and their body come from core's AutoSchema.


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Your notifications, newest first (``?unread=1`` for unread only); mark one or all read."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    #: Query parameters beside ``page`` (core's pagination refuses any other).
    query_parameters = ("unread",)

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.inbox(self.request.user, unread_only=self.request.query_params.get("unread") == "1")

    @extend_schema(
        parameters=[OpenApiParameter("unread", str, description='"1": only unread notifications.')],
        responses={200: NotificationSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: NotificationSerializer})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    def read(self, request: Request, pk: str) -> Response:
        notification = selectors.notification_of(request.user, int(pk))
        if notification is None:
            raise NotFound("No such notification among yours.")
        return Response(NotificationSerializer(services.mark_read(user=request.user, notification=notification)).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(user=request.user)})


class UnreadCountView(APIView):
    """The bell's count: your unread notifications."""

    @extend_schema(responses={200: UnreadCountSerializer})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(request.user)})


class PreferencesView(APIView):
    """Your channels per kind: every registered kind, with its defaults until you change it."""

    def _rows(self, request: Request) -> list[dict[str, Any]]:
        return [
            {"kind": kind.key, "title": str(kind.title), "in_app": pref.in_app, "email": pref.email}
            for kind, pref in selectors.preferences_of(request.user)
        ]

    @extend_schema(responses={200: PreferenceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(self._rows(request))

    @extend_schema(
        request=PreferenceSerializer(many=True),
        responses={200: PreferenceSerializer(many=True)},
        description="400 for an unknown kind or an email value other than immediate, digest, off.",
    )
    def put(self, request: Request) -> Response:
        serializer = PreferenceSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        rows: Any = serializer.validated_data
        for row in rows:
            try:
                get_kind(row["kind"])
            except UnknownKindError as error:
                raise ValidationError({"kind": str(error)}) from error
        for row in rows:
            services.set_preference(user=request.user, kind=row["kind"], in_app=row["in_app"], email=row["email"])
        return Response(self._rows(request), status=status.HTTP_200_OK)
