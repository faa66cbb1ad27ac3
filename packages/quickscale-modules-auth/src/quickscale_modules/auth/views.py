"""Profile, account deletion, data export and the admin's staff-only page: thin views over services and selectors."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal import flows
from allauth.account.utils import user_email
from allauth.account.views import EmailView as AllauthEmailView
from allauth.core.internal.httpkit import authenticated_user
from allauth.decorators import rate_limit
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.views import IndexView as AllauthMFAIndexView
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from django.views.generic.edit import FormView

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
    social_enabled = bool(app_settings.SOCIAL_PROVIDERS)
    context = {
        "form": form,
        "email_addresses": selectors.email_addresses(user),
        # Without social login the card is left out and its query not run (the data export still lists them).
        "social_accounts": [
            {"provider": selectors.provider_name(account.provider), "uid": account.uid}
            for account in selectors.social_accounts(user)
        ]
        if social_enabled
        else [],
        "mfa": selectors.mfa_status(user),
        "social_enabled": social_enabled,
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


@method_decorator(login_required, name="dispatch")
@method_decorator(rate_limit(action="manage_email"), name="dispatch")
class EmailView(AllauthEmailView):
    """allauth's email page (``account_email``), its addresses read in one query.

    allauth reads them four times per page: whether ``user.email`` has its row, the list, the address being
    changed to and the verified one. Here one ordered list answers all four, and the context is allauth's
    own (tests compare both). The actions (add, remove, primary, re-send) are allauth's.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self._did_send_verification_email = False
        self.addresses = selectors.email_addresses_by_email(request.user)
        email = user_email(request.user)
        if email and not any(address.email == email for address in self.addresses):
            # user.email has no row (a user made in the admin): allauth adds it, then the list is read again.
            flows.manage_email.sync_user_email_address(request.user)
            self.addresses = selectors.email_addresses_by_email(request.user)
        return FormView.dispatch(self, request, *args, **kwargs)  # allauth's dispatch, without its sync

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super(AllauthEmailView, self).get_context_data(**kwargs)
        if self.request.method != "GET":  # an action ran since dispatch read the list
            self.addresses = selectors.email_addresses_by_email(self.request.user)
        emails = self.addresses  # ordered by the database, as allauth's list
        by_pk = sorted(emails, key=lambda address: address.pk)
        context.update(
            {
                "emailaddresses": emails,
                "emailaddress_radios": [
                    {"id": f"email_radio_{i}", "checked": email.primary or len(emails) == 1, "emailaddress": email}
                    for i, email in enumerate(emails)
                ],
                "add_email_form": context.get("form"),
                "can_add_email": account_settings.CHANGE_EMAIL
                or not account_settings.MAX_EMAIL_ADDRESSES
                or len(by_pk) < account_settings.MAX_EMAIL_ADDRESSES,
            }
        )
        if account_settings.CHANGE_EMAIL:
            unverified = [address for address in by_pk if not address.verified]
            verified = sorted((address for address in by_pk if address.verified), key=lambda a: (not a.primary, a.pk))
            context["new_emailaddress"] = unverified[-1] if unverified else None
            context["current_emailaddress"] = verified[0] if verified else None
        return context


class MFAIndexView(AllauthMFAIndexView):
    """allauth's two-factor page (``mfa_index``), its authenticators read in one query.

    allauth reads them twice: the list, then whether there is any (``is_mfa_enabled``). The second is
    answered from the list unless a project's MFA adapter decides it its own way.
    """

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = TemplateView.get_context_data(self, **kwargs)
        user = authenticated_user(self.request)
        rows = selectors.authenticators(user)
        authenticators: dict[str, Any] = {}
        for row in rows:
            if row.type == Authenticator.Type.WEBAUTHN:
                authenticators.setdefault(row.type, []).append(row.wrap())
            else:
                authenticators[row.type] = row.wrap()
        adapter = get_mfa_adapter()
        own_rule = type(adapter).is_mfa_enabled is not DefaultMFAAdapter.is_mfa_enabled
        context.update(
            {
                "authenticators": authenticators,
                "MFA_SUPPORTED_TYPES": mfa_settings.SUPPORTED_TYPES,
                "MFA_RECOVERY_CODES_SHOW_ONCE": mfa_settings.RECOVERY_CODES_SHOW_ONCE,
                "is_mfa_enabled": adapter.is_mfa_enabled(user) if own_rule else bool(rows),
            }
        )
        return context
