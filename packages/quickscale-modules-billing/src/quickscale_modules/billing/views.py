"""Pages: pricing, Checkout and Portal redirects, the billing overview. Thin: services do the work."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_POST

from quickscale_core.csp import extend_response_policy
from quickscale_modules.billing import selectors, services
from quickscale_modules.billing.adapter import get_adapter
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.messages import NO_OWNER, NOT_ALLOWED
from quickscale_modules.billing.owners import can_manage, get_owner


def _page_context(request: HttpRequest, owner: Model | None) -> dict[str, object]:
    """What both pages show: the test-mode notice of a Stripe stand-in, the owner picker (owner "team").

    ``team`` and each of ``teams`` are the adapter's ``OwnerChoice``: ``key`` (the form value), ``name``.
    """
    context: dict[str, object] = {"stripe_stand_in": app_settings.stand_in_url}
    if app_settings.OWNER == "team" and request.user.is_authenticated:
        adapter = get_adapter()
        context.update(team=adapter.owner_choice(owner), teams=adapter.owner_choices(request))
    return context


def _posts_to_stripe(response: HttpResponse) -> HttpResponse:
    """A page whose forms end on Stripe: browsers apply the CSP's ``form-action`` to the redirect too."""
    extend_response_policy(response, {"form-action": app_settings.stripe_page_origins})
    return response


def pricing(request: HttpRequest) -> HttpResponse:
    owner = get_owner(request)
    subscription = selectors.get_subscription(owner)
    context = {
        "plans": selectors.list_plans(),
        "current_plan": selectors.get_plan(owner),
        "has_subscription": selectors.is_active(subscription),
        **_page_context(request, owner),
    }
    return _posts_to_stripe(render(request, "quickscale_billing/pricing.html", context))


def _absolute(request: HttpRequest, to: str) -> str:
    return request.build_absolute_uri(resolve_url(to))


def _to_stripe(
    request: HttpRequest, start: Callable[[Model], str], *, no_owner_to: str, refused_to: str
) -> HttpResponse:
    """Send the owner to a Stripe page that ``start(owner)`` creates; every refusal is a message and a redirect."""
    owner = get_owner(request)
    if owner is None:
        messages.error(request, NO_OWNER)
        return redirect(no_owner_to)
    if not can_manage(request, owner):
        messages.error(request, NOT_ALLOWED)
        return redirect(refused_to)
    try:
        url = start(owner)
    except services.BillingError as exc:
        messages.error(request, str(exc))
        return redirect(refused_to)
    return HttpResponseRedirect(url, status=303)


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    return _to_stripe(
        request,
        lambda owner: services.start_checkout(
            owner,
            request.POST.get("price", ""),
            success_url=_absolute(request, app_settings.SUCCESS_URL) + "?checkout=success",
            cancel_url=_absolute(request, app_settings.CANCEL_URL),
        ),
        no_owner_to="quickscale_billing:pricing",
        refused_to="quickscale_billing:pricing",
    )


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    return _to_stripe(
        request,
        lambda owner: services.open_portal(owner, return_url=_absolute(request, app_settings.PORTAL_RETURN_URL)),
        no_owner_to="quickscale_billing:pricing",
        refused_to="quickscale_billing:overview",
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    owner = get_owner(request)
    subscription = selectors.get_subscription(owner)
    context = {
        "owner": owner,
        "subscription": subscription,
        "active": selectors.is_active(subscription),
        "plan": selectors.get_plan(owner),
        "renewal": selectors.period_end(subscription) if subscription else None,
        "invoices": selectors.invoices_for(owner),
        "has_customer": owner is not None and selectors.customer_for(owner) is not None,
        "can_manage": owner is not None and can_manage(request, owner),
        **_page_context(request, owner),
    }
    return _posts_to_stripe(render(request, "quickscale_billing/overview.html", context))
