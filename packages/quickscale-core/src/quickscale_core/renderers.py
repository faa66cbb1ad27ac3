"""The form renderer: every ``{{ form }}`` and ``{{ field.as_field_group }}`` in the QuickScale vocabulary.

``FORM_RENDERER = "quickscale_core.renderers.FormRenderer"`` (the base settings set it). It renders
through the project's ``TEMPLATES``, so a project restyles every form by overriding
``templates/quickscale/forms/form.html`` or ``field.html`` by path; Django's own widget templates
come from the ``django.forms`` app.

Rendering a form through templates costs about 0.5 ms per field (the form, field, widget, input and
attrs templates, one after the other: 1.6 ms of the sign-in page's 4 ms, docs/performance.md). While
those templates are the shipped ones, the renderer writes the same markup directly (:data:`FAST`); as
soon as the project's ``TEMPLATES`` find another file for one of them (an override by path), that
template renders as before. ``tests/test_renderers.py`` compares both outputs form by form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.core.signals import setting_changed
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

_DJANGO_FORMS = Path(django.forms.__file__).resolve().parent / "templates"
_CORE = Path(__file__).resolve().parent / "templates"

FORM = "quickscale/forms/form.html"
FIELD = "quickscale/forms/field.html"
_INPUT, _ATTRS = "django/forms/widgets/input.html", "django/forms/widgets/attrs.html"
#: Django's input widgets whose template only includes ``input.html`` (which includes ``attrs.html``).
INPUT_WIDGETS = tuple(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "email", "password", "number", "url", "hidden", "checkbox", "search", "tel", "color")
)


def _escape(value: Any) -> str:
    """``{{ value }}``: str() and escaped unless already safe."""
    return str(conditional_escape(value))


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps safe input safe (``is_safe=True``)."""
    text = str(value)
    return text if isinstance(value, SafeData) else _escape(text)


def render_input(context: Mapping[str, Any]) -> str:
    """Django's ``input.html`` with ``attrs.html``."""
    widget = context["widget"]
    parts = [f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{_stringformat(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_stringformat(value)}"')
    parts.append(">")
    return "".join(parts)


def render_field(context: Mapping[str, Any]) -> str:
    """``quickscale/forms/field.html``."""
    field = context["field"]
    widget_type, errors, label = field.widget_type, field.errors, field.label
    parts = [
        '<div class="field',
        " field-check" if widget_type == "checkbox" else "",
        " field-invalid" if errors else "",
        '">\n',
    ]
    if field.use_fieldset:
        describedby = field.aria_describedby
        parts.append(f'<fieldset aria-describedby="{_escape(describedby)}">' if describedby else "<fieldset>")
        if label:
            parts.append(f'<legend class="field-label">{_escape(label)}</legend>')
        parts += [str(field), "</fieldset>\n"]
    elif widget_type == "checkbox":
        parts.append(str(field))
        if label:
            parts.append(f'<label for="{_escape(field.id_for_label)}">{_escape(label)}</label>')
        parts.append("\n")
    else:
        if label:
            parts.append(f'<label for="{_escape(field.id_for_label)}">{_escape(label)}</label>')
        parts += [str(field), "\n"]
    auto_id = field.auto_id
    # Read once: a lazy help text (allauth's password field) is built again on every read.
    help_text = "" if field.help_text is None else str(field.help_text)
    if help_text:
        parts.append('<div class="field-help"')
        if auto_id:
            parts.append(f' id="{_escape(auto_id)}_helptext"')
        parts.append(f">{help_text}</div>")
    parts.append("\n")
    if errors:
        parts.append('<ul class="field-errors"')
        if auto_id:
            parts.append(f' id="{_escape(auto_id)}_error"')
        parts.append(">")
        parts += [f"<li>{_escape(error)}</li>" for error in errors]
        parts.append("</ul>")
    parts.append("\n</div>")
    return "".join(parts)


def render_form(context: Mapping[str, Any]) -> str:
    """``quickscale/forms/form.html``."""
    errors = context["errors"]
    parts = []
    if errors:
        parts.append('<div class="alert alert-error form-errors" role="alert">')
        if len(errors) == 1:
            parts.append(f"<p>{_escape(errors[0])}</p>")
        else:
            parts += ["<ul>", *(f"<li>{_escape(error)}</li>" for error in errors), "</ul>"]
        parts.append("</div>")
    parts.append("\n")
    parts += [str(field.as_field_group()) for field, _errors in context["fields"]]
    parts.append("\n")
    parts += [str(field) for field in context["hidden_fields"]]
    return "".join(parts)


#: Template name -> (the files it must resolve to, the function that writes the same markup).
FAST: dict[str, tuple[tuple[tuple[str, Path], ...], Callable[[Mapping[str, Any]], str]]] = {
    FORM: (((FORM, _CORE),), render_form),
    FIELD: (((FIELD, _CORE),), render_field),
    **{
        name: (((name, _DJANGO_FORMS), (_INPUT, _DJANGO_FORMS), (_ATTRS, _DJANGO_FORMS)), render_input)
        for name in INPUT_WIDGETS
    },
}

#: Template name -> whether every file it depends on is the shipped one, decided once per process.
_shipped: dict[str, bool] = {}


def _resolves_to(name: str, folder: Path) -> bool:
    try:
        origin = getattr(get_template(name), "origin", None)
    except TemplateDoesNotExist:
        return False
    path = getattr(origin, "name", None)
    return bool(path) and Path(str(path)).resolve() == folder / name


def shipped(template_name: str) -> bool:
    """Whether ``template_name`` and what it includes resolve to the files QuickScale and Django ship."""
    found = _shipped.get(template_name)
    if found is None:
        files = FAST[template_name][0] if template_name in FAST else ()
        found = _shipped[template_name] = bool(files) and all(_resolves_to(name, folder) for name, folder in files)
    return found


def forget_shipped(**kwargs: Any) -> None:
    """Look again after ``TEMPLATES`` or ``INSTALLED_APPS`` changed (tests' ``override_settings``)."""
    _shipped.clear()


setting_changed.connect(forget_shipped, dispatch_uid="quickscale_core_forget_shipped_form_templates")


class FormRenderer(TemplatesSetting):
    form_template_name = FORM
    field_template_name = FIELD

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString | str:
        fast = FAST.get(template_name)
        if fast is not None and request is None and shipped(template_name):
            # Escaped piece by piece above, as the templates escape it.
            return mark_safe(fast[1](context).strip())  # noqa: S308
        return super().render(template_name, context, request=request)
