from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from quickscale_core.settings.layering import (
    BEFORE_LAYERING,
    CONTEXT_PROCESSORS,
    Entry,
    Layer,
    LayeringError,
    apply_modules,
    resolve,
)


@pytest.fixture
def register_layer() -> Iterator[Any]:
    """Register fake ``<name>.layer`` modules holding a LAYER."""
    added: list[str] = []

    def register(layer: Layer, module: str | None = None) -> str:
        module = module or layer.name
        package = types.ModuleType(module)
        package.__path__ = []
        layer_module = types.ModuleType(f"{module}.layer")
        layer_module.LAYER = layer  # type: ignore[attr-defined]
        sys.modules[module] = package
        sys.modules[f"{module}.layer"] = layer_module
        added.extend([module, f"{module}.layer"])
        return module

    yield register
    for name in added:
        sys.modules.pop(name, None)


def base() -> dict[str, Any]:
    return {
        "INSTALLED_APPS": ["django.contrib.auth", "quickscale_core"],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
    }


def test_lists_keep_order_and_drop_duplicates(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", lists={"INSTALLED_APPS": ["allauth", "django.contrib.auth", "mod_a"]}))
    register_layer(Layer(name="mod_b", lists={"INSTALLED_APPS": ["allauth", "mod_b"]}))
    namespace = base()

    apply_modules(namespace, "mod_a", "mod_b")

    assert namespace["INSTALLED_APPS"] == ["django.contrib.auth", "quickscale_core", "allauth", "mod_a", "mod_b"]
    assert namespace["QUICKSCALE_SETTINGS_SOURCES"]["INSTALLED_APPS['allauth']"].source == "mod_a"
    assert namespace["QUICKSCALE_LAYERS"] == ["mod_a", "mod_b"]


def test_entry_anchors_after_and_before(register_layer: Any) -> None:
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    register_layer(
        Layer(
            name="mod_a",
            lists={
                "MIDDLEWARE": [
                    Entry("account.Middleware", after=auth),
                    Entry("first.Middleware", before="django.middleware.security.SecurityMiddleware"),
                    Entry("tail.Middleware", after="not.installed.Middleware"),
                ]
            },
        )
    )
    namespace = base()

    apply_modules(namespace, "mod_a")

    assert namespace["MIDDLEWARE"] == [
        "first.Middleware",
        "django.middleware.security.SecurityMiddleware",
        auth,
        "account.Middleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "tail.Middleware",
    ]


def test_missing_list_setting_starts_from_django_default(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", lists={"AUTHENTICATION_BACKENDS": ["allauth.Backend"]}))
    namespace = base()

    apply_modules(namespace, "mod_a")

    assert namespace["AUTHENTICATION_BACKENDS"] == ["django.contrib.auth.backends.ModelBackend", "allauth.Backend"]


def test_context_processors_go_into_django_templates(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", lists={CONTEXT_PROCESSORS: ["mod_a.context.team"]}))
    namespace = base()

    apply_modules(namespace, "mod_a")

    assert namespace["TEMPLATES"][0]["OPTIONS"]["context_processors"] == [
        "django.template.context_processors.request",
        "mod_a.context.team",
    ]


def test_context_processors_without_django_templates_is_an_error(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", lists={CONTEXT_PROCESSORS: ["mod_a.context.team"]}))
    namespace = base()
    namespace["TEMPLATES"] = [{"BACKEND": "django.template.backends.jinja2.Jinja2"}]

    with pytest.raises(LayeringError, match="mod_a adds context processors but TEMPLATES has no DjangoTemplates"):
        apply_modules(namespace, "mod_a")


def test_dicts_merge_key_by_key_and_recursively(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 10, "NESTED": {"a": 1}}}))
    register_layer(Layer(name="mod_b", dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 10, "NESTED": {"b": 2}, "X": 1}}))
    namespace = base()

    apply_modules(namespace, "mod_a", "mod_b")

    assert namespace["REST_FRAMEWORK"] == {"PAGE_SIZE": 10, "NESTED": {"a": 1, "b": 2}, "X": 1}
    sources = namespace["QUICKSCALE_SETTINGS_SOURCES"]
    assert sources["REST_FRAMEWORK['NESTED']['b']"].source == "mod_b"
    assert sources["REST_FRAMEWORK['NESTED']['b']"].path == ("NESTED", "b")
    assert sources["REST_FRAMEWORK['PAGE_SIZE']"].source == "mod_a"


def test_dict_conflict_names_both_sources(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 10}}))
    register_layer(Layer(name="mod_b", dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 20}}))

    with pytest.raises(LayeringError) as excinfo:
        apply_modules(base(), "mod_a", "mod_b")

    message = str(excinfo.value)
    assert "REST_FRAMEWORK['PAGE_SIZE']: mod_a sets 10 but mod_b sets 20" in message
    assert "after apply_modules()" in message
    assert "\n" not in message


def test_dict_conflict_with_value_set_before_layering(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", dicts={"REST_FRAMEWORK": {"PAGE_SIZE": 10}}))
    namespace = {**base(), "REST_FRAMEWORK": {"PAGE_SIZE": 99}}

    with pytest.raises(LayeringError, match=f"{BEFORE_LAYERING} sets 99 but mod_a sets 10"):
        apply_modules(namespace, "mod_a")


def test_defaults_set_once_and_conflicts_raise(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", defaults={"LOGIN_URL": "/accounts/login/", "SHARED": 1}))
    register_layer(Layer(name="mod_b", defaults={"SHARED": 1}))
    register_layer(Layer(name="mod_c", defaults={"LOGIN_URL": "/login/"}))
    namespace = base()

    apply_modules(namespace, "mod_a", "mod_b")
    assert namespace["LOGIN_URL"] == "/accounts/login/"
    assert namespace["QUICKSCALE_SETTINGS_SOURCES"]["SHARED"].source == "mod_a"

    with pytest.raises(LayeringError, match="LOGIN_URL: mod_a sets '/accounts/login/' but mod_c sets '/login/'"):
        apply_modules(namespace, "mod_c")


def test_requires_apply_first_and_once(register_layer: Any) -> None:
    register_layer(Layer(name="core_api", lists={"INSTALLED_APPS": ["rest_framework"]}))
    register_layer(Layer(name="mod_a", requires=("core_api",), lists={"INSTALLED_APPS": ["mod_a"]}))
    register_layer(Layer(name="mod_b", requires=("core_api",), lists={"INSTALLED_APPS": ["mod_b"]}))
    namespace = base()

    applied = apply_modules(namespace, "mod_a", "mod_b")
    again = apply_modules(namespace, "mod_a")

    assert applied == ["core_api", "mod_a", "mod_b"]
    assert again == applied
    assert namespace["INSTALLED_APPS"][-3:] == ["rest_framework", "mod_a", "mod_b"]


def test_result_does_not_depend_on_argument_order(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", lists={"INSTALLED_APPS": ["x"]}, dicts={"D": {"a": 1}}))
    register_layer(Layer(name="mod_b", lists={"INSTALLED_APPS": ["y"]}, dicts={"D": {"b": 2}}))
    one, two = base(), base()

    apply_modules(one, "mod_a", "mod_b")
    apply_modules(two, "mod_b", "mod_a")

    assert one["D"] == two["D"]
    assert set(one["INSTALLED_APPS"]) == set(two["INSTALLED_APPS"])


def test_cycle_is_reported(register_layer: Any) -> None:
    register_layer(Layer(name="mod_a", requires=("mod_b",)))
    register_layer(Layer(name="mod_b", requires=("mod_a",)))

    with pytest.raises(LayeringError, match="cycle: mod_a -> mod_b -> mod_a"):
        resolve(["mod_a"])


def test_unknown_module_is_a_clear_error() -> None:
    with pytest.raises(LayeringError, match=r"'quickscale_modules\.nope' has no settings layer"):
        apply_modules(base(), "quickscale_modules.nope")


def test_layer_module_without_layer_object(register_layer: Any) -> None:
    module = register_layer(Layer(name="mod_a"))
    del sys.modules[f"{module}.layer"].LAYER

    with pytest.raises(LayeringError, match=r"mod_a.layer must define LAYER = Layer\(...\)"):
        apply_modules(base(), "mod_a")


def test_import_error_inside_a_layer_is_not_hidden(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "broken_mod"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "layer.py").write_text("import a_dependency_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(ModuleNotFoundError, match="a_dependency_that_is_not_installed"):
        apply_modules(base(), "broken_mod")
