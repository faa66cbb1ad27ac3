"""Every setting of the billing module, with its default, read in one place (allauth style)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from quickscale_core.app_settings import AppSettings as BaseAppSettings

OWNER_CHOICES = ("user", "team")
#: The adapter class used unless ``QUICKSCALE_BILLING_ADAPTER`` names a subclass.
DEFAULT_ADAPTER = "quickscale_modules.billing.adapter.BillingAdapter"
#: Stripe's hosted pages: Checkout and the Customer Portal.
STRIPE_PAGE_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")
#: The 0.1 name of the ``STRIPE_PUBLIC_KEY`` environment variable, still read until 2.0
#: (docs/decisions/billing.md: one name, the one dj-stripe reads).
OLD_PUBLIC_KEY_VARIABLE = "STRIPE_PUBLISHABLE_KEY"


class AppSettings(BaseAppSettings):
    """Read ``QUICKSCALE_BILLING_*`` (and the Stripe keys) lazily, so tests can override them."""

    prefix = "QUICKSCALE_BILLING_"

    @property
    def OWNER(self) -> str:  # noqa: N802 - settings names are upper case
        """Who pays: ``"user"`` (request.user) or ``"team"`` (an owner of ``quickscale_core.owners``: a team)."""
        return str(self._setting("OWNER", "user"))

    @property
    def PLANS(self) -> dict[str, dict[str, Any]]:  # noqa: N802
        """Entitlements per plan key: ``{"pro": {"features": [...], "limits": {...}, "per_seat": False}}``.

        A product's plan key is its ``plan`` metadata, else its Stripe id.
        """
        return dict(self._setting("PLANS", {}))

    @property
    def FEATURE_LABELS(self) -> dict[str, str]:  # noqa: N802
        """How plan features read on the pricing page: ``{"api": "API access"}``.

        A feature without a label shows as its key, capitalised, with ``_`` and ``-`` as spaces.
        """
        return dict(self._setting("FEATURE_LABELS", {}))

    @property
    def GRACE_DAYS(self) -> int:  # noqa: N802
        """Days a ``past_due`` subscription keeps its entitlements after its period ended."""
        return int(self._setting("GRACE_DAYS", 7))

    @property
    def TRIAL_DAYS(self) -> int:  # noqa: N802
        """Free trial days given to new subscriptions at Checkout (0: no trial)."""
        return int(self._setting("TRIAL_DAYS", 0))

    @property
    def SEAT_SYNC_MAX_ATTEMPTS(self) -> int:  # noqa: N802
        """Tries of one seat quantity Stripe keeps refusing before it is given up (an error is logged)."""
        return int(self._setting("SEAT_SYNC_MAX_ATTEMPTS", 10))

    @property
    def SUCCESS_URL(self) -> str:  # noqa: N802
        """Where Checkout returns after payment: a URL name or path."""
        return str(self._setting("SUCCESS_URL", "quickscale_billing:overview"))

    @property
    def CANCEL_URL(self) -> str:  # noqa: N802
        """Where Checkout returns when the customer gives up: a URL name or path."""
        return str(self._setting("CANCEL_URL", "quickscale_billing:pricing"))

    @property
    def PORTAL_RETURN_URL(self) -> str:  # noqa: N802
        """Where the Customer Portal's "return" link goes: a URL name or path."""
        return str(self._setting("PORTAL_RETURN_URL", "quickscale_billing:overview"))

    @property
    def ADAPTER(self) -> str:  # noqa: N802
        """Dotted path of the adapter class (a subclass of ``adapter.BillingAdapter``)."""
        return str(self._setting("ADAPTER", DEFAULT_ADAPTER))

    @property
    def secret_key(self) -> str:
        return str(self._django_setting("STRIPE_SECRET_KEY", "") or "")

    @property
    def public_key(self) -> str:
        """``STRIPE_PUBLIC_KEY``, the publishable key (``pk_``); dj-stripe reads the same setting."""
        return str(self._django_setting("STRIPE_PUBLIC_KEY", "") or "")

    @property
    def webhook_secret(self) -> str:
        return str(self._django_setting("STRIPE_WEBHOOK_SECRET", "") or "")

    @property
    def stripe_page_origins(self) -> list[str]:
        """Where Checkout and the Customer Portal live (and the local fake of ``STRIPE_API_HOST``)."""
        origins = list(STRIPE_PAGE_ORIGINS)
        fake = urlsplit(str(self._django_setting("STRIPE_API_HOST", "") or ""))
        if fake.scheme and fake.netloc:
            origins.append(f"{fake.scheme}://{fake.netloc}")
        return origins

    @property
    def live_mode(self) -> bool:
        return bool(self._django_setting("STRIPE_LIVE_MODE", False))

    @property
    def stand_in_url(self) -> str:
        """``STRIPE_API_HOST`` when it points away from Stripe (a local stand-in: tests, the demo), else "".

        The billing pages then say that payments are not real; unset in production, so never shown there.
        """
        host = str(self._django_setting("STRIPE_API_HOST", "") or "")
        hostname = urlsplit(host).hostname or ""
        return "" if hostname == "stripe.com" or hostname.endswith(".stripe.com") else host


app_settings = AppSettings()
