"""Include under ``api/``: ``path("api/", include("quickscale_modules.billing.api.urls"))``."""

from django.urls import path

from quickscale_modules.billing.api import views

urlpatterns = [
    path("billing/subscription/", views.SubscriptionView.as_view(), name="billing-api-subscription"),
    path("billing/plans/", views.PlansView.as_view(), name="billing-api-plans"),
    path("billing/checkout-session/", views.CheckoutSessionView.as_view(), name="billing-api-checkout-session"),
    path("billing/portal-session/", views.PortalSessionView.as_view(), name="billing-api-portal-session"),
]
