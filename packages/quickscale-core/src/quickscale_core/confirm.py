"""The confirmation step of destructive actions (delete, leave, remove, revoke).

A destructive view acts only on a POST that carries ``confirmed=yes``. The button on the page opens a
``<dialog>`` (``quickscale/includes/confirm_form.html`` with ``quickscale.js``) whose own button sends
it; without JavaScript the first POST gets :func:`confirmation_page` instead, which asks before acting.
So one click never deletes::

    @require_POST
    def team_delete(request, slug):
        if not is_confirmed(request):
            return confirmation_page(request, title=..., message=..., action_label=_("Delete team"), cancel_url=...)
        services.delete_team(...)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: The field the confirming button sends (``name="confirmed" value="yes"``).
CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"
TEMPLATE = "quickscale/confirm.html"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST comes from a confirming button (the dialog's or the confirmation page's)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    message: str,
    action_label: str,
    cancel_url: str,
    template: str = TEMPLATE,
) -> HttpResponse:
    """A page that asks before acting: it POSTs the same fields again to the same URL, with ``confirmed=yes``."""
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in (CONFIRM_FIELD, "csrfmiddlewaretoken")
        for value in values
    ]
    context = {
        "title": title,
        "message": message,
        "action_label": action_label,
        "action_url": request.get_full_path(),
        "cancel_url": cancel_url,
        "hidden_fields": hidden,
        "confirm_field": CONFIRM_FIELD,
        "confirm_value": CONFIRM_VALUE,
    }
    return render(request, template, context)
