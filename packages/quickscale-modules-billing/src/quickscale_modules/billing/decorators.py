"""``subscription_required``: gate a view on an active subscription, a plan or a feature."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from quickscale_modules.billing.owners import get_owner
from quickscale_modules.billing.selectors import has_entitlement, has_plan

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

NEEDS_SUBSCRIPTION = _("This page needs an active subscription: pick a plan to continue.")


def subscription_allows(request: HttpRequest, plans: Iterable[str] = (), feature: str | None = None) -> bool:
    """Whether the request's billing owner may pass (active plan, one of ``plans``, with ``feature``)."""
    owner = get_owner(request)
    if not has_plan(owner, tuple(plans)):
        return False
    return feature is None or has_entitlement(owner, feature)


def denied_response(request: HttpRequest) -> HttpResponse:
    """Anonymous: to the login page. Otherwise: to the pricing page with a message."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    messages.info(request, NEEDS_SUBSCRIPTION)
    return redirect("quickscale_billing:pricing")


def subscription_required(
    view: ViewFunc | None = None, *, plans: Iterable[str] = (), feature: str | None = None
) -> Any:
    """Use bare (``@subscription_required``) or with ``plans=("pro",)`` / ``feature="reports"``."""
    plan_keys = tuple(plans)

    def decorator(view_func: ViewFunc) -> ViewFunc:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not subscription_allows(request, plan_keys, feature):
                return denied_response(request)
            return view_func(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    if view is not None:
        return decorator(view)
    return decorator
