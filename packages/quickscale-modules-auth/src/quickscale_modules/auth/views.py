"""Profile, account deletion, data export and the admin's staff-only page: thin views over services and selectors."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quickscale_modules.auth import selectors, services
from quickscale_modules.auth.app_settings import app_settings
from quickscale_modules.auth.forms import DeleteAccountForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={"first_name": user.first_name, "last_name": user.last_name},
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(user, **form.cleaned_data)
        messages.success(request, _("Your name was saved."))
        return redirect("quickscale_auth:profile")
    context = {
        "form": form,
        "email_addresses": selectors.email_addresses(user),
        "social_accounts": [
            {"provider": selectors.provider_name(account.provider), "uid": account.uid}
            for account in selectors.social_accounts(user)
        ],
        "mfa": selectors.mfa_status(user),
        "social_enabled": bool(app_settings.SOCIAL_PROVIDERS),
    }
    return render(request, "quickscale_auth/profile.html", context)


@login_required
@reauthentication_required  # type: ignore[untyped-decorator]
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    blockers = selectors.deletion_blockers(user)
    if request.method == "POST" and form.is_valid() and not blockers:
        try:
            services.delete_account(user)
        except services.AccountDeletionBlockedError as exc:  # a blocker appeared since the page was read
            blockers = exc.reasons
        else:
            get_adapter(request).logout(request)
            messages.success(request, _("Your account was deleted."))
            return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL or "/"))
    context = {"form": form, "blockers": blockers, "policy": app_settings.DELETION_POLICY}
    return render(request, "quickscale_auth/delete.html", context, status=409 if blockers and form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "quickscale_auth/export.html")
    data = services.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"account-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by a shared cache
    return response


def admin_staff_only(request: HttpRequest) -> HttpResponse:
    """What the admin answers a signed-in user who is not staff (HTTP 403): who they are, how to switch account.

    allauth's ``secure_admin_login`` raises a bare PermissionDenied there; the
    demo user, for one, meets it on its first visit to ``/admin/``.
    """
    next_query = urlencode({"next": reverse("admin:index")}, safe="/")
    context = {"signed_in_as": request.user, "switch_account_url": f"{reverse('account_logout')}?{next_query}"}
    return render(request, "quickscale_auth/admin_staff_only.html", context, status=403)
