"""The design system in core: the shell's brand, the 403 page, the confirmation step, the form renderer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.template.loader import render_to_string
from django.test import Client, override_settings

from quickscale_core import checks
from quickscale_core.settings.environment import languages_setting
from tests import views

STATIC = Path(__file__).resolve().parents[1] / "src" / "quickscale_core" / "static" / "quickscale"


def test_fallback_base_loads_the_design_system_and_no_inline_script() -> None:
    html = render_to_string("base.html", {"site_name": "Acme"})

    assert '<main id="main"' in html
    assert '<meta name="viewport"' in html
    assert 'href="/static/quickscale/css/quickscale.css"' in html
    assert '<script src="/static/quickscale/js/quickscale.js" defer></script>' in html
    assert "<script>" not in html
    assert (STATIC / "css" / "quickscale.css").is_file()
    assert (STATIC / "js" / "quickscale.js").is_file()


def test_brand_comes_from_the_setting(client: Client) -> None:
    with override_settings(QUICKSCALE_SITE_NAME="Acme Rockets"):
        html = client.get("/base/").content.decode()

    assert '<span class="brand-mark" aria-hidden="true">A</span>Acme Rockets</a>' in html
    assert "· Acme Rockets</title>" in html


def test_brand_defaults_to_quickscale(client: Client) -> None:
    with override_settings(QUICKSCALE_SITE_NAME=""):
        html = client.get("/base/").content.decode()

    assert "QuickScale</a>" in html


def test_403_shows_the_reason_and_what_to_do(client: Client) -> None:
    response = client.get("/refused/", HTTP_REFERER="/teams/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the team&#x27;s owners can delete it." in html
    assert 'class="error-page"' in html
    assert "Sign in with an account that is allowed to do this." in html
    assert 'href="/teams/"' in html  # back where they came from


def test_403_without_a_reason_explains_permission(logged_in_client: Client, user: object) -> None:
    response = logged_in_client.get("/refused-silently/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "does not have permission" in html
    assert "ask an owner or admin" in html


def test_one_post_without_confirmation_changes_nothing(client: Client) -> None:
    views.DELETED.clear()

    first = client.post("/delete/", {"name": "thing-1"})

    assert first.status_code == 200
    assert views.DELETED == []
    html = first.content.decode()
    assert "Delete the thing?" in html
    assert '<input type="hidden" name="name" value="thing-1">' in html
    assert 'name="confirmed" value="yes"' in html
    assert 'href="/page/"' in html

    second = client.post("/delete/", {"name": "thing-1", "confirmed": "yes"})

    assert second.content == b"deleted"
    assert views.DELETED == ["thing-1"]


def test_forms_render_through_the_design_system(client: Client) -> None:
    html = client.post("/page/", {"name": ""}).content.decode()

    assert '<div class="alert alert-error form-errors" role="alert"><p>Something is off.</p></div>' in html
    assert '<div class="field field-invalid">' in html
    assert '<label for="id_name">Team name</label>' in html
    assert '<div class="field-help" id="id_name_helptext">Shown to members.</div>' in html
    assert '<ul class="field-errors" id="id_name_error"><li>This field is required.</li></ul>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    # A checkbox: the box, then its label (no "Remember me:" above a lone box).
    assert '<div class="field field-check">\n<input type="checkbox" name="remember" id="id_remember">' in html
    assert '<label for="id_remember">Remember me</label>' in html
    assert '<legend class="field-label">Colours</legend>' in html


def test_confirm_form_has_a_dialog_and_a_no_js_fallback(client: Client) -> None:
    html = client.get("/page/").content.decode()

    assert '<form method="post" action="/delete/" class="inline-form js-confirm">' in html
    assert '<dialog class="dialog" aria-labelledby="thing-title" aria-describedby="thing-message">' in html
    # The visible button comes first: Enter or a click without JavaScript posts without confirmed=yes.
    assert html.index('class="button button-danger">Delete</button>') < html.index('name="confirmed" value="yes"')


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ["quickscale_core.E005"]), (None, ["quickscale_core.E005"]), ("A" * 41, ["quickscale_core.W007"])],
)
def test_site_name_check(value: object, expected: list[str]) -> None:
    with override_settings(QUICKSCALE_SITE_NAME=value):
        assert [message.id for message in checks.check_site_name()] == expected


def test_site_name_deploy_check() -> None:
    with override_settings(QUICKSCALE_SITE_NAME="QuickScale"):
        assert [message.id for message in checks.check_site_name_deploy()] == ["quickscale_core.W006"]
    with override_settings(QUICKSCALE_SITE_NAME="Acme"):
        assert checks.check_site_name_deploy() == []


def test_form_renderer_needs_django_forms(settings: object) -> None:
    from django.conf import settings as django_settings

    apps_without = [app for app in django_settings.INSTALLED_APPS if app != "django.forms"]
    with override_settings(INSTALLED_APPS=apps_without):
        assert [message.id for message in checks.check_form_renderer()] == ["quickscale_core.E006"]
    assert [m.id for m in run_checks() if m.id == "quickscale_core.E006"] == []


def test_languages_from_codes() -> None:
    assert languages_setting(["en", " FR ", "en", "", "xx"]) == [("en", "English"), ("fr", "French"), ("xx", "xx")]


def test_pseudo_language_marks_translated_strings(client: Client, pseudo_language: None) -> None:
    from django.utils.translation import gettext, ngettext, pgettext

    html = client.get("/refused/").content.decode()

    assert "⟦You can't do that here⟧" in html
    assert "⟦Skip to content⟧" in html
    assert (gettext(""), ngettext("one", "many", 1), pgettext("month", "May")) == ("", "⟦one⟧", "⟦May⟧")


def test_pseudo_translation_is_undone() -> None:
    from django.utils import translation

    from quickscale_core.testing.translation import pseudo_translation

    with translation.override("en"), pseudo_translation():
        assert translation.gettext("Cancel") == "⟦Cancel⟧"
    assert translation.gettext("Cancel") == "Cancel"
