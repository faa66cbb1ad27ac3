"""The form renderer writes the shipped templates' markup directly: byte for byte what the templates give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils.safestring import mark_safe

from quickscale_core import renderers
from quickscale_core.renderers import FormRenderer


class Everything(forms.Form):
    name = forms.CharField(label="Name <yours>", help_text="As <b>shown</b> to others", max_length=40)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"placeholder": 'a"b@example.com'}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    age = forms.IntegerField(min_value=0, initial=3)
    site = forms.URLField(required=False, label="", assume_scheme="https")
    agree = forms.BooleanField(label="I agree & accept")
    remember = forms.BooleanField(required=False, initial=True, help_text="Keep me signed in")
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    plan = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    note = forms.CharField(widget=forms.Textarea, required=False)
    token = forms.CharField(widget=forms.HiddenInput, initial="t<1>")
    secret = forms.CharField(widget=forms.HiddenInput, required=True)
    described = forms.CharField(widget=forms.TextInput(attrs={"aria-describedby": "elsewhere", "disabled": True}))
    safe_initial = forms.CharField(initial=mark_safe("<i>kept</i>"))

    def clean(self) -> dict[str, Any]:
        raise ValidationError(["First <problem>.", "Second problem."])


class OneError(forms.Form):
    code = forms.CharField(label="Code", help_text="Six digits")

    def clean(self) -> dict[str, Any]:
        raise ValidationError("Wrong <code>.")


def both(form: forms.Form) -> tuple[str, str]:
    """The fast output, then the templates' (the fast path switched off by marking nothing shipped)."""
    fast = str(form)
    renderers._shipped.clear()
    original = renderers.shipped
    renderers.shipped = lambda template_name: False  # type: ignore[assignment]
    try:
        slow = str(form)
    finally:
        renderers.shipped = original
        renderers._shipped.clear()
    return fast, slow


FORMS = {
    "unbound": lambda: Everything(initial={"email": "x@example.com"}),
    "bound with errors": lambda: Everything({"name": "<script>", "age": "-1", "colour": "x", "email": "bad"}),
    "auto_id off": lambda: Everything({"name": "a"}, auto_id=False),
    "one top error": lambda: OneError({"code": "1"}),
    "valid-looking": lambda: OneError(),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_fast_markup_is_the_templates_markup(make: Any) -> None:
    form = make()

    fast, slow = both(form)

    assert fast == slow
    assert fast.count('<div class="field') >= 1


def test_the_fast_path_is_used_with_the_shipped_templates() -> None:
    renderers._shipped.clear()

    assert renderers.shipped(renderers.FORM)
    assert renderers.shipped(renderers.FIELD)
    assert renderers.shipped("django/forms/widgets/text.html")
    assert not renderers.shipped("django/forms/widgets/select.html")


def test_a_project_override_renders_through_its_template(tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "quickscale" / "forms"
    folder.mkdir(parents=True)
    (folder / "field.html").write_text('<p class="mine">{{ field.label }}: {{ field }}</p>')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        html = str(OneError(renderer=FormRenderer()))
        assert not renderers.shipped(renderers.FIELD)
        assert renderers.shipped(renderers.FORM)

    assert '<p class="mine">Code: <input type="text" name="code"' in html
