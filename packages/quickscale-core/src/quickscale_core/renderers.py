"""The form renderer: every ``{{ form }}`` and ``{{ field.as_field_group }}`` in the QuickScale vocabulary.

``FORM_RENDERER = "quickscale_core.renderers.FormRenderer"`` (the base settings set it). It renders
through the project's ``TEMPLATES``, so a project restyles every form by overriding
``templates/quickscale/forms/form.html`` or ``field.html`` by path; Django's own widget templates
come from the ``django.forms`` app.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "quickscale/forms/form.html"
    field_template_name = "quickscale/forms/field.html"
