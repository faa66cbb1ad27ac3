"""``/api/billing/...``: the same services as the pages, for JavaScript front ends."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model
from django.shortcuts import resolve_url
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_core.api.exceptions import Conflict
from quickscale_modules.billing import selectors, services
from quickscale_modules.billing.api.serializers import (
    CheckoutRequestSerializer,
    PlanSerializer,
    RedirectSerializer,
    SubscriptionSerializer,
)
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.messages import NO_OWNER, NOT_ALLOWED
from quickscale_modules.billing.owners import can_manage, get_owner


class ProviderUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"


#: A refused billing action's status by its reason (``BillingError.code``).
REFUSALS: dict[str, type[APIException]] = {
    "unknown_price": NotFound,
    "already_subscribed": Conflict,
    "no_customer": Conflict,
    "unavailable": ProviderUnavailable,
}


def refusal(error: services.BillingError) -> APIException:
    """The API error of a refused billing action: 404 unknown price, 409 state, 503 provider down."""
    return REFUSALS.get(error.code, ProviderUnavailable)(str(error), code=error.code)


def _owner(request: Request, manage: bool = False) -> Model:
    """The billing owner (``?team=<slug>`` picks a team with owner "team"); 403 without one or without rights."""
    owner = get_owner(request)
    if owner is None:
        raise PermissionDenied(NO_OWNER)
    if manage and not can_manage(request, owner):
        raise PermissionDenied(NOT_ALLOWED)
    return owner


class SubscriptionView(APIView):
    @extend_schema(responses=SubscriptionSerializer, summary="The current subscription of the billing owner")
    def get(self, request: Request) -> Response:
        owner = _owner(request)
        subscription = selectors.get_subscription(owner)
        plan = selectors.get_plan(owner)
        data = {
            "id": subscription.id if subscription else None,
            "status": subscription.status if subscription else None,
            "active": selectors.is_active(subscription),
            "plan": plan.key if plan else None,
            "features": sorted(plan.features) if plan else [],
            "limits": plan.limits if plan else {},
            "current_period_end": selectors.period_end(subscription) if subscription else None,
            "cancel_at_period_end": bool(subscription.cancel_at_period_end) if subscription else False,
        }
        return Response(SubscriptionSerializer(data).data)


class PlansView(APIView):
    @extend_schema(responses=PlanSerializer(many=True), summary="Plans with their monthly/yearly prices")
    def get(self, request: Request) -> Response:
        data: list[dict[str, Any]] = []
        for item in selectors.list_plans():
            data.append(
                {
                    "key": item.plan.key,
                    "name": item.plan.name,
                    "product_id": item.plan.product_id,
                    "features": sorted(item.plan.features),
                    "feature_labels": item.feature_labels,
                    "limits": item.plan.limits,
                    "per_seat": item.plan.per_seat,
                    "prices": [
                        {
                            "id": price.id,
                            "interval": interval,
                            "unit_amount": price.unit_amount,
                            "currency": price.currency,
                            "display": price.human_readable_price,
                        }
                        for interval, price in item.prices.items()
                    ],
                }
            )
        return Response(PlanSerializer(data, many=True).data)


class CheckoutSessionView(APIView):
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = {"post": (404, 409, 503)}

    @extend_schema(
        request=CheckoutRequestSerializer, responses={201: RedirectSerializer}, summary="Start a Stripe Checkout"
    )
    def post(self, request: Request) -> Response:
        serializer = CheckoutRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = _owner(request, manage=True)
        try:
            url = services.start_checkout(
                owner,
                serializer.validated_data["price"],
                success_url=request.build_absolute_uri(resolve_url(app_settings.SUCCESS_URL)) + "?checkout=success",
                cancel_url=request.build_absolute_uri(resolve_url(app_settings.CANCEL_URL)),
            )
        except services.BillingError as exc:
            raise refusal(exc) from exc
        return Response({"url": url}, status=status.HTTP_201_CREATED)


class PortalSessionView(APIView):
    error_statuses: ClassVar[dict[str, tuple[int, ...]]] = {"post": (409, 503)}

    @extend_schema(request=None, responses={201: RedirectSerializer}, summary="Open the Stripe Customer Portal")
    def post(self, request: Request) -> Response:
        owner = _owner(request, manage=True)
        try:
            url = services.open_portal(
                owner, return_url=request.build_absolute_uri(resolve_url(app_settings.PORTAL_RETURN_URL))
            )
        except services.BillingError as exc:
            raise refusal(exc) from exc
        return Response({"url": url}, status=status.HTTP_201_CREATED)
