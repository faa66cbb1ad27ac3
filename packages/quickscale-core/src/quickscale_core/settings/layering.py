"""Deterministic layering of module settings onto a settings namespace.

A module describes what it adds to a project's settings with a :class:`Layer`
in ``<module>/layer.py`` (a module-level ``LAYER``). A project applies layers
with :func:`apply_modules`::

    from quickscale_core.settings import *  # noqa: F403
    from quickscale_core.settings import apply_modules

    apply_modules(globals(), "quickscale_modules.auth", "quickscale_modules.teams")
    # Overrides come after layering, in plain Django:
    ACCOUNT_EMAIL_VERIFICATION = "optional"

Rules, the same for every run and every order of arguments that respects
``requires``:

* list settings (``INSTALLED_APPS``, ``MIDDLEWARE``...) keep their order and
  drop duplicates; an :class:`Entry` can ask to sit after or before an anchor;
* dict settings (``REST_FRAMEWORK``...) merge key by key, nested dicts too;
* scalar settings are set when absent;
* two sources giving one key different values raise :class:`LayeringError`
  naming both sources. Nothing is ever silently overwritten.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import global_settings

#: The pseudo list setting that targets the context processors of the first
#: DjangoTemplates backend in ``TEMPLATES``.
CONTEXT_PROCESSORS = "TEMPLATE_CONTEXT_PROCESSORS"

#: Where layering records what it did, for ``manage.py quickscale_settings``
#: and the ``quickscale_core.E002`` check.
LAYERS_SETTING = "QUICKSCALE_LAYERS"
SOURCES_SETTING = "QUICKSCALE_SETTINGS_SOURCES"

BEFORE_LAYERING = "settings before layering"


class Contribution(NamedTuple):
    """What one layer put into one place of the settings."""

    source: str
    setting: str
    path: tuple[str, ...]  # dict keys below ``setting``; empty for a whole value or a list item
    value: Any
    is_list_item: bool = False


Sources = dict[str, Contribution]


def source_of(sources: Sources, key: str) -> str:
    contribution = sources.get(key)
    return contribution.source if contribution else BEFORE_LAYERING


class LayeringError(Exception):
    """Two layers (or a layer and the project) disagree about one setting."""


@dataclass(frozen=True)
class Entry:
    """A list item that must sit right after or before another item.

    When the anchor is not in the list the item goes at the end, so an entry
    never fails because an optional neighbour is missing.
    """

    value: str
    after: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class Layer:
    """What one module adds to the settings of a project."""

    name: str
    requires: Sequence[str] = ()
    lists: Mapping[str, Sequence[str | Entry]] = field(default_factory=dict)
    dicts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)


def load_layer(module: str) -> Layer:
    """Import ``<module>.layer`` and return its ``LAYER``."""
    try:
        layer_module = importlib.import_module(f"{module}.layer")
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module.startswith(exc.name) or exc.name.startswith(module)):
            raise LayeringError(
                f"{module!r} has no settings layer ({module}.layer): is the package installed "
                f"(pip install) and spelled as its import path?"
            ) from exc
        raise
    layer = getattr(layer_module, "LAYER", None)
    if not isinstance(layer, Layer):
        raise LayeringError(f"{module}.layer must define LAYER = Layer(...).")
    return layer


def resolve(modules: Iterable[str]) -> list[Layer]:
    """Return the layers for ``modules`` and what they require, dependencies first."""
    ordered: list[Layer] = []
    seen: set[str] = set()

    def visit(module: str, chain: tuple[str, ...]) -> None:
        if module in seen:
            return
        if module in chain:
            raise LayeringError(f"Settings layers require each other in a cycle: {' -> '.join((*chain, module))}.")
        layer = load_layer(module)
        for required in layer.requires:
            visit(required, (*chain, module))
        seen.add(module)
        ordered.append(layer)

    for module in modules:
        visit(module, ())
    return ordered


def apply_modules(namespace: MutableMapping[str, Any], *modules: str) -> list[str]:
    """Apply the settings layers of ``modules`` (and their requirements) to ``namespace``.

    ``namespace`` is normally ``globals()`` of a settings module. Returns the
    names of the layers applied, in order. Applying a layer twice is a no-op.
    """
    applied: list[str] = list(namespace.get(LAYERS_SETTING, []))
    sources: Sources = dict(namespace.get(SOURCES_SETTING, {}))
    for layer in resolve(modules):
        if layer.name in applied:
            continue
        _apply(namespace, layer, sources)
        applied.append(layer.name)
    namespace[LAYERS_SETTING] = applied
    namespace[SOURCES_SETTING] = sources
    return applied


def _apply(namespace: MutableMapping[str, Any], layer: Layer, sources: Sources) -> None:
    for setting, items in layer.lists.items():
        if setting == CONTEXT_PROCESSORS:
            options = _django_templates_options(namespace, layer)
            options["context_processors"] = merge_list(
                options.get("context_processors", []), items, setting=setting, source=layer.name, sources=sources
            )
        else:
            current = namespace.get(setting, getattr(global_settings, setting, []))
            namespace[setting] = merge_list(current, items, setting=setting, source=layer.name, sources=sources)
    for setting, values in layer.dicts.items():
        current = namespace.get(setting, getattr(global_settings, setting, {}))
        namespace[setting] = merge_dict(current, values, path=setting, source=layer.name, sources=sources)
    for setting, value in layer.defaults.items():
        if setting in namespace and namespace[setting] != value:
            raise _conflict(setting, source_of(sources, setting), namespace[setting], layer.name, value)
        namespace[setting] = value
        sources.setdefault(setting, Contribution(layer.name, setting, (), value))


def merge_list(
    current: Sequence[str],
    items: Sequence[str | Entry],
    *,
    setting: str,
    source: str,
    sources: Sources,
) -> list[str]:
    """Return ``current`` with ``items`` added in order, without duplicates."""
    result = list(dict.fromkeys(current))
    for item in items:
        entry = item if isinstance(item, Entry) else Entry(item)
        if entry.value in result:
            continue
        if entry.after is not None and entry.after in result:
            result.insert(result.index(entry.after) + 1, entry.value)
        elif entry.before is not None and entry.before in result:
            result.insert(result.index(entry.before), entry.value)
        else:
            result.append(entry.value)
        sources[f"{setting}[{entry.value!r}]"] = Contribution(source, setting, (), entry.value, is_list_item=True)
    return result


def merge_dict(
    current: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    path: str,
    source: str,
    sources: Sources,
    keys: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return ``current`` merged key by key with ``values``; a disagreement raises."""
    setting = path.partition("[")[0]
    result = dict(current)
    for key, value in values.items():
        key_path = f"{path}[{key!r}]"
        if key not in result:
            result[key] = value
            sources[key_path] = Contribution(source, setting, (*keys, key), value)
        elif isinstance(result[key], Mapping) and isinstance(value, Mapping):
            result[key] = merge_dict(
                result[key], value, path=key_path, source=source, sources=sources, keys=(*keys, key)
            )
        elif result[key] != value:
            raise _conflict(key_path, source_of(sources, key_path), result[key], source, value)
    return result


def _django_templates_options(namespace: MutableMapping[str, Any], layer: Layer) -> dict[str, Any]:
    for backend in namespace.get("TEMPLATES", []):
        if backend.get("BACKEND") == "django.template.backends.django.DjangoTemplates":
            options: dict[str, Any] = backend.setdefault("OPTIONS", {})
            return options
    raise LayeringError(
        f"{layer.name} adds context processors but TEMPLATES has no DjangoTemplates backend; "
        f"add one before calling apply_modules()."
    )


def _conflict(key: str, first: str, first_value: Any, second: str, second_value: Any) -> LayeringError:
    return LayeringError(
        f"{key}: {first} sets {first_value!r} but {second} sets {second_value!r}; "
        f"drop one, or set the value you want after apply_modules()."
    )
