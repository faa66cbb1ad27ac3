from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from quickscale_core.provenance import layered_settings


def output(*args: str) -> str:
    out = StringIO()
    call_command("quickscale_settings", *args, stdout=out)
    return out.getvalue()


def test_shows_layers_values_and_sources() -> None:
    text = output()

    assert "Layers applied, in order: quickscale_core.api, tests.demoapp" in text
    assert "INSTALLED_APPS['rest_framework'] = 'rest_framework'   <- quickscale_core.api" in text
    assert "REST_FRAMEWORK['PAGE_SIZE'] = 50   <- quickscale_core.api" in text
    assert "DEMOAPP_GREETING = 'hello'   <- tests.demoapp" in text
    assert "[changed in project settings]" not in text


def test_filters_by_setting_name() -> None:
    text = output("DEMOAPP_GREETING")

    assert "DEMOAPP_GREETING" in text
    assert "INSTALLED_APPS" not in text


def test_marks_values_the_project_changed_after_layering() -> None:
    from django.conf import settings

    apps = [app for app in settings.INSTALLED_APPS if app != "drf_spectacular_sidecar"]
    rest = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 25}
    with override_settings(DEMOAPP_GREETING="hi", INSTALLED_APPS=apps, REST_FRAMEWORK=rest):
        text = output()

    assert "DEMOAPP_GREETING = 'hi'   <- tests.demoapp   [changed in project settings]" in text
    sidecar = "INSTALLED_APPS['drf_spectacular_sidecar'] = 'drf_spectacular_sidecar'   <- quickscale_core.api"
    assert f"{sidecar}   [changed in project settings]" in text
    assert "REST_FRAMEWORK['PAGE_SIZE'] = 25   <- quickscale_core.api   [changed in project settings]" in text


def test_removed_dict_key_is_reported_as_changed() -> None:
    from django.conf import settings

    rest = {key: value for key, value in settings.REST_FRAMEWORK.items() if key != "PAGE_SIZE"}
    with override_settings(REST_FRAMEWORK=rest):
        rows = {row.key: row for row in layered_settings(settings)}

    assert rows["REST_FRAMEWORK['PAGE_SIZE']"].kept is False
    assert rows["REST_FRAMEWORK['PAGE_SIZE']"].value is None


def test_context_processor_contributions_are_found_in_templates(settings: pytest.FixtureRequest) -> None:
    from django.conf import settings as django_settings

    from quickscale_core.settings.layering import CONTEXT_PROCESSORS, Contribution

    sources = {
        "TEMPLATE_CONTEXT_PROCESSORS['x.y']": Contribution("mod", CONTEXT_PROCESSORS, (), "x.y", is_list_item=True),
        "TEMPLATE_CONTEXT_PROCESSORS['a.b']": Contribution(
            "mod", CONTEXT_PROCESSORS, (), "django.template.context_processors.request", is_list_item=True
        ),
    }
    with override_settings(QUICKSCALE_SETTINGS_SOURCES=sources):
        rows = layered_settings(django_settings)

    assert [row.kept for row in rows] == [False, True]


@pytest.mark.django_db
def test_demo_command_runs_every_module_seed() -> None:
    from django.contrib.auth import get_user_model

    out = StringIO()
    call_command("quickscale_demo", stdout=out)
    call_command("quickscale_demo", stdout=out)

    assert out.getvalue().count("Demo login: demo") == 2
    assert get_user_model().objects.filter(username="demo").count() == 1


def demo_output(settings: Any, debug: bool = True) -> str:
    settings.DEBUG = debug
    out = StringIO()
    call_command("quickscale_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_admin_with_djangos_user_model_opens_the_admin(client: Client, settings: Any) -> None:
    from django.contrib.auth import get_user_model

    text = demo_output(settings)
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed")
    admin.is_superuser = False
    admin.save()
    demo_output(settings)

    assert "Admin: admin / quickscale-admin at /admin/" in text
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    response = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "quickscale-admin"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_admin_only_while_debug_is_on(settings: Any) -> None:
    from django.contrib.auth import get_user_model

    text = demo_output(settings, debug=False)

    assert "Admin: none created, DEBUG is off" in text
    assert not get_user_model().objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_demo_admin_needs_a_model_it_can_fill(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth import get_user_model

    monkeypatch.setattr(get_user_model(), "REQUIRED_FIELDS", ["email", "phone"])

    assert "Admin: none created, User also requires phone; run manage.py createsuperuser." in demo_output(settings)


@pytest.mark.django_db
def test_demo_admin_without_the_admin_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "quickscale_core.api.urls"

    assert "Admin: admin / quickscale-admin (the admin site is not in the URLconf)" in demo_output(settings)
