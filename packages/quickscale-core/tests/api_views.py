"""Small API views for the tests of quickscale_core.api (error body, schema statuses, links)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status, throttling, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_core.api.exceptions import Conflict
from quickscale_core.api.serializers import Serializer


class ItemSerializer(Serializer[Any]):
    label = serializers.CharField(max_length=5)


class ThingSerializer(Serializer[Any]):
    name = serializers.CharField(max_length=5)
    note = serializers.CharField(required=False, allow_blank=True)
    count = serializers.IntegerField(required=False, min_value=0)
    flag = serializers.BooleanField(required=False)
    ratio = serializers.FloatField(required=False)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False)
    items = ItemSerializer(many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("name") == "both" and attrs.get("flag"):
            raise serializers.ValidationError("name 'both' cannot be flagged")
        return attrs


class ThingResponseSerializer(Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ThingsView(APIView):
    """POST a thing; ``?fail=`` makes it fail in one of the ways the error body covers."""

    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = {"post": (409,)}

    @extend_schema(request=ThingSerializer, responses={201: ThingResponseSerializer})
    def post(self, request: Request) -> Response:
        failure = request.query_params.get("fail")
        if failure == "http404":
            raise Http404("No thing here.")
        if failure == "django403":
            raise DjangoPermissionDenied
        if failure == "conflict":
            raise Conflict("The thing is busy: try later.", code="busy")
        serializer = ThingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"id": 7, "name": serializer.validated_data["name"]}, status=status.HTTP_201_CREATED)


class ThingViewSet(viewsets.ViewSet):
    """A thing by id: read it (a path parameter: 404), delete it."""

    @extend_schema(responses=ThingResponseSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        if pk != "7":
            raise Http404
        return Response({"id": 7, "name": "seven"})

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)


class OnceThrottle(throttling.AnonRateThrottle):
    rate = "1/hour"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return "quickscale-tests-once"


class PublicView(APIView):
    """Open to anyone, once an hour: 429, no 403."""

    permission_classes = (AllowAny,)
    throttle_classes = (OnceThrottle,)

    @extend_schema(responses=ThingResponseSerializer)
    def get(self, request: Request) -> Response:
        return Response({"id": 1, "name": "public"})


class ListedSerializer(Serializer[Any]):
    id = serializers.IntegerField()


class ListedView(generics.ListAPIView):  # type: ignore[type-arg]
    """A paginated list (the layer's pagination class)."""

    serializer_class = ListedSerializer

    def get_queryset(self) -> Any:
        return [{"id": 1}, {"id": 2}, {"id": 3}]
