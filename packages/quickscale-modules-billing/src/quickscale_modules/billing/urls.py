"""Billing pages and Stripe's webhook; include under ``billing/``.

``path("billing/", include("quickscale_modules.billing.urls"))`` gives
``/billing/`` (overview), ``/billing/pricing/``, ``/billing/checkout/``,
``/billing/portal/``, ``/billing/webhook/`` (give this URL to Stripe) and
dj-stripe's own ``/billing/stripe/webhook/<uuid>/`` for endpoints managed in its admin.
"""

from django.urls import include, path

from quickscale_modules.billing import views
from quickscale_modules.billing.webhooks import WebhookView

app_name = "quickscale_billing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("pricing/", views.pricing, name="pricing"),
    path("checkout/", views.checkout, name="checkout"),
    path("portal/", views.portal, name="portal"),
    path("webhook/", WebhookView.as_view(), name="webhook"),
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
]
