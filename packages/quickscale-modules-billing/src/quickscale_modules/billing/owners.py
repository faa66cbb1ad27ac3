"""The seam between billing and whoever pays: a user, or an owner of ``quickscale_core.owners`` (a team).

Billing never imports the module that provides owners other than users: it asks core's
``OwnerProvider`` (``QUICKSCALE_OWNER_PROVIDER``, set by the teams layer), through the billing
adapter, which a project may replace. Any model instance can be an owner; rows and Stripe
metadata name it by content type and primary key.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from quickscale_modules.billing.adapter import get_adapter


def get_owner(request: HttpRequest) -> Model | None:
    """The billing owner of this request, or None (the adapter's ``get_owner``)."""
    return get_adapter().get_owner(request)


def can_manage(request: HttpRequest, owner: Model) -> bool:
    """Whether the request's user may start Checkout or open the Portal for ``owner`` (the adapter's)."""
    return get_adapter().can_manage(request, owner)


def owner_lookup(owner: Model) -> dict[str, Any]:
    """Filter kwargs of ``BillingCustomer`` rows for ``owner``."""
    return {"owner_type": ContentType.objects.get_for_model(owner), "owner_id": str(owner.pk)}


def owner_label(owner: Model) -> str:
    """``app_label.model:pk``: how an owner is named in Stripe metadata."""
    return f"{owner._meta.label_lower}:{owner.pk}"


def owner_from_label(label: str) -> Model | None:
    """The owner named by :func:`owner_label`, or None when it no longer exists."""
    model_label, _, pk = label.rpartition(":")
    app_label, _, model_name = model_label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        found: Model = content_type.get_object_for_this_type(pk=pk)
    except (ContentType.DoesNotExist, ValueError, Exception):
        return None
    return found
