from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import View

from quickscale_modules.billing.decorators import subscription_required
from quickscale_modules.billing.mixins import SubscriptionRequiredMixin


@subscription_required
def gated(request: HttpRequest) -> HttpResponse:
    return HttpResponse("gated content")


@subscription_required(feature="api")
def gated_feature(request: HttpRequest) -> HttpResponse:
    return HttpResponse("feature content")


class GatedPlanView(SubscriptionRequiredMixin, View):
    subscription_plans = ("team",)

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("plan content")


urlpatterns = [
    path("billing/", include("quickscale_modules.billing.urls")),
    path("api/", include("quickscale_core.api.urls")),
    path("api/", include("quickscale_modules.billing.api.urls")),
    path("gated/", gated, name="gated"),
    path("gated-feature/", gated_feature, name="gated-feature"),
    path("gated-plan/", GatedPlanView.as_view(), name="gated-plan"),
]

if apps.is_installed("quickscale_modules.teams"):  # tests/settings_teams.py
    urlpatterns.append(path("teams/", include("quickscale_modules.teams.urls")))
