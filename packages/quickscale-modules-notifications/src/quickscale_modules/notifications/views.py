"""Inbox, bell, preferences and unsubscribe pages. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quickscale_modules.notifications import selectors, services, tokens
from quickscale_modules.notifications.app_settings import app_settings
from quickscale_modules.notifications.kinds import DIGEST_KEY, EMAIL_CHOICES, UnknownKindError, get_kind
from quickscale_modules.notifications.models import EmailChoice


def _inbox_url(request: HttpRequest) -> str:
    return reverse("quickscale_notifications:inbox")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    paginator = Paginator(selectors.inbox(request.user, unread_only=unread_only), app_settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "quickscale_notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The bell alone: what the htmx theme polls to keep the count live."""
    return render(request, "quickscale_notifications/includes/bell.html")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_of(request.user, pk)
    if notification is None:
        raise Http404(_("No such notification."))
    services.mark_read(user=request.user, notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect(_inbox_url(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("Marked %(count)s notifications read.") % {"count": count})
    return redirect(_inbox_url(request))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preferences_of(request.user)
    if request.method == "POST":
        for kind, _preference in rows:
            email = request.POST.get(f"{kind.key}-email", "")
            if email not in EMAIL_CHOICES:
                messages.error(request, _("Choose how each kind reaches you by email, then save again."))
                return redirect("quickscale_notifications:preferences")
        for kind, _preference in rows:
            services.set_preference(
                user=request.user,
                kind=kind.key,
                in_app=request.POST.get(f"{kind.key}-in_app") == "on",
                email=request.POST[f"{kind.key}-email"],
            )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("quickscale_notifications:preferences")
    return render(
        request, "quickscale_notifications/preferences.html", {"rows": rows, "email_choices": EmailChoice.choices}
    )


def _kind_title(key: str) -> str:
    if key == DIGEST_KEY:
        return _("Daily digest")
    try:
        return str(get_kind(key).title)
    except UnknownKindError:
        return key


@csrf_exempt  # RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no cookie or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button (link scanners must not unsubscribe); POST: unsubscribe (one click)."""
    try:
        claim = services.check_unsubscribe(token) if request.method == "GET" else tokens.read_token(token)
    except tokens.InvalidTokenError:
        return render(request, "quickscale_notifications/unsubscribe.html", {"invalid": True}, status=400)
    context = {"kind_title": _kind_title(claim.kind), "token": token}
    if request.method == "GET":
        return render(request, "quickscale_notifications/unsubscribe.html", context)
    try:
        services.unsubscribe(token)
    except tokens.InvalidTokenError:
        return render(request, "quickscale_notifications/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "quickscale_notifications/unsubscribe.html", {**context, "done": True})
