"""The billing adapter: the one class a project subclasses to change how billing behaves (allauth's manner).

Point ``QUICKSCALE_BILLING_ADAPTER`` at a subclass of :class:`BillingAdapter`; pages, the API,
services and selectors call :func:`get_adapter` for who pays and how plans are shown::

    # myproject/billing.py
    class BillingAdapter(quickscale_modules.billing.adapter.BillingAdapter):
        def feature_label(self, feature: str) -> str:
            return {"api": "API access", "reports": "Monthly reports"}.get(feature, feature)

    # settings.py
    QUICKSCALE_BILLING_ADAPTER = "myproject.billing.BillingAdapter"

Owners other than the user (teams, a project's tenants) come only through core's
``quickscale_core.owners`` protocol: billing never imports the module that provides them.
The ``quickscale_billing.E020`` check reports a setting that does not import such a subclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest
from django.utils.module_loading import import_string

from quickscale_core.owners import OwnerProvider, get_owner_provider
from quickscale_modules.billing.app_settings import app_settings

if TYPE_CHECKING:
    from djstripe.models import Product

    from quickscale_modules.billing.selectors import PricedPlan


@dataclass(frozen=True)
class OwnerChoice:
    """An owner as the pages' picker shows it: its public key (form value) and its name."""

    key: str
    name: str
    owner: Model

    def __str__(self) -> str:
        return self.name


class BillingAdapter:
    """Who pays for a request and who may change it; how plans are named, labelled and ordered."""

    #: The GET parameter or POST field that picks one of the user's owners (``?team=<key>``).
    owner_parameter = "team"
    #: Session key remembering the owner picked on the billing pages.
    owner_session_key = "quickscale_billing_team"

    # -- owners ----------------------------------------------------------------------------------

    def owner_provider(self) -> OwnerProvider | None:
        """The owners other than users: core's configured provider (``QUICKSCALE_OWNER_PROVIDER``)."""
        return get_owner_provider()

    def get_owner(self, request: HttpRequest) -> Model | None:
        """The billing owner of this request, or None (anonymous, or owner "team" and no owner).

        Owner "user": the user. Owner "team": the owner the request is scoped to (a team page),
        else the user's owner named by ``?team=<key>`` (then remembered in the session), else the
        remembered one, else the user's first owner.
        """
        user = request.user
        if not user.is_authenticated:
            return None
        if app_settings.OWNER != "team":
            return user if isinstance(user, Model) else None
        provider = self.owner_provider()
        if provider is None:
            return None
        return provider.request_owner(request) or self.chosen_owner(request, provider)

    def chosen_owner(self, request: HttpRequest, provider: OwnerProvider) -> Model | None:
        """The owner picked on the billing pages (parameter, then session), else the user's first."""
        session = getattr(request, "session", None)  # absent in bare RequestFactory requests
        wanted = request.GET.get(self.owner_parameter) or request.POST.get(self.owner_parameter)
        remembered = session.get(self.owner_session_key) if session is not None else None
        for key in (wanted, remembered):
            owner = provider.owner_by_key(request.user, key) if key else None
            if owner is not None:
                if key == wanted and session is not None:
                    session[self.owner_session_key] = key
                return owner
        owners = provider.owners_of(request.user)
        return owners[0] if owners else None

    def owner_choice(self, owner: Model | None) -> OwnerChoice | None:
        """``owner`` for the picker (None for no owner, or a user)."""
        provider = self.owner_provider()
        if owner is None or provider is None or self.is_user(owner):
            return None
        return OwnerChoice(key=provider.owner_key(owner), name=provider.display_name(owner), owner=owner)

    def owner_choices(self, request: HttpRequest) -> list[OwnerChoice]:
        """The owners the user may pick between on the billing pages (owner "team")."""
        provider = self.owner_provider()
        if provider is None or app_settings.OWNER != "team":
            return []
        return [
            OwnerChoice(key=provider.owner_key(owner), name=provider.display_name(owner), owner=owner)
            for owner in provider.owners_of(request.user)
        ]

    def can_manage(self, request: HttpRequest, owner: Model) -> bool:
        """Whether the request's user may start Checkout or open the Portal for ``owner``.

        A user manages their own billing; another owner's billing is the provider's decision
        (for teams: the teams adapter's ``can_manage_billing``, owners and admins by default).
        """
        if owner == request.user:
            return True
        provider = self.owner_provider()
        return provider is not None and not self.is_user(owner) and provider.can_manage_billing(request.user, owner)

    def is_user(self, owner: Model) -> bool:
        return isinstance(owner, get_user_model())

    def owner_name(self, owner: Model) -> str:
        """The customer's name at Stripe."""
        provider = self.owner_provider()
        if provider is not None and not self.is_user(owner):
            return provider.display_name(owner)
        return str(owner)

    def owner_email(self, owner: Model) -> str:
        """The customer's email at Stripe (invoices go there): the user's, or the provider's contact."""
        provider = self.owner_provider()
        if provider is not None and not self.is_user(owner):
            return provider.contact_email(owner)
        return str(getattr(owner, "email", "") or "")

    def seat_count(self, owner: Model) -> int:
        """Seats a per-seat plan starts with: the provider's count for a group, 1 for a user."""
        provider = self.owner_provider()
        if provider is not None and not self.is_user(owner):
            return max(int(provider.seat_count(owner)), 1)
        return 1

    # -- plan display ----------------------------------------------------------------------------

    def plan_name(self, key: str, product: Product | None) -> str:
        """The name a plan is shown with (pages, API): the Stripe product's name, else its key."""
        return str(product.name) if product is not None and product.name else key

    def feature_label(self, feature: str) -> str:
        """How an entitlement key is listed on the pricing page and in the plans API.

        By default its ``QUICKSCALE_BILLING_FEATURE_LABELS`` entry, else the key capitalised with
        ``_`` and ``-`` as spaces (``"team_seats"`` -> ``"Team seats"``).
        """
        label = app_settings.FEATURE_LABELS.get(feature)
        if label:
            return str(label)
        words = feature.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:]

    def order_plans(self, plans: list[PricedPlan]) -> list[PricedPlan]:
        """The order of the pricing page (and the plans API): cheapest first."""
        return sorted(plans, key=lambda p: min(price.unit_amount or 0 for price in p.prices.values()))


def get_adapter() -> BillingAdapter:
    """An instance of the adapter class named by ``QUICKSCALE_BILLING_ADAPTER``."""
    adapter_class: type[BillingAdapter] = import_string(app_settings.ADAPTER)
    return adapter_class()
