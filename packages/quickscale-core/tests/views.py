"""Pages of the core tests: a refused action, a destructive action, a form, the CSP cases."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.views.decorators.http import require_POST

from quickscale_core.confirm import confirmation_page, is_confirmed
from quickscale_core.csp import extend_response_policy

DELETED: list[str] = []
INLINE_SCRIPT = '<script nonce="{{ csp_nonce }}">document.title = "ok";</script>'


def refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only the team's owners can delete it.")


def refused_silently(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@require_POST
def delete_thing(request: HttpRequest) -> HttpResponse:
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title="Delete the thing?",
            message="It is gone for good.",
            action_label="Delete thing",
            cancel_url="/page/",
        )
    DELETED.append(request.POST.get("name", ""))
    return HttpResponse("deleted")


class SampleForm(forms.Form):
    name = forms.CharField(label="Team name", help_text="Shown to members.")
    remember = forms.BooleanField(label="Remember me", required=False)
    colours = forms.MultipleChoiceField(
        label="Colours", choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple, required=False
    )

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Something is off.")


def page(request: HttpRequest) -> HttpResponse:
    form = SampleForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
    body = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Page{% endblock %}'
        '{% block content %}<form method="post">{{ form }}</form>'
        '{% include "quickscale/includes/confirm_form.html" with action="/delete/" label="Delete" '
        'title="Delete it?" message="Gone for good." id="thing" %}{% endblock %}'
    )
    return HttpResponse(body.render({"form": form}, request))


def rendered(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


def inline_script(request: HttpRequest) -> HttpResponse:
    """A page with one inline script, nonced the way every QuickScale template does it."""
    return HttpResponse(engines["django"].from_string(INLINE_SCRIPT).render({}, request))


def no_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>no inline code</p>")


def posts_elsewhere(request: HttpRequest) -> HttpResponse:
    return extend_response_policy(no_script(request), {"form-action": ["https://pay.example.net"]})
