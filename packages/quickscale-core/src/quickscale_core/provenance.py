"""Which layer contributed which setting, and whether the project kept it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quickscale_core.settings.layering import CONTEXT_PROCESSORS, Contribution

_MISSING = object()


@dataclass(frozen=True)
class LayeredSetting:
    key: str
    value: Any
    source: str
    kept: bool


def current_value(settings: Any, contribution: Contribution) -> Any:
    """The value now at the place a contribution went to (``_MISSING`` if gone)."""
    if contribution.setting == CONTEXT_PROCESSORS:
        return [
            processor
            for backend in getattr(settings, "TEMPLATES", [])
            for processor in backend.get("OPTIONS", {}).get("context_processors", [])
        ]
    value = getattr(settings, contribution.setting, _MISSING)
    for key in contribution.path:
        if not isinstance(value, Mapping) or key not in value:
            return _MISSING
        value = value[key]
    return value


def layered_settings(settings: Any, only: Iterable[str] = ()) -> list[LayeredSetting]:
    """Every contribution recorded by layering, with its final value and source."""
    wanted = set(only)
    rows = []
    sources: Mapping[str, Contribution] = getattr(settings, "QUICKSCALE_SETTINGS_SOURCES", {})
    for key, contribution in sources.items():
        if wanted and contribution.setting not in wanted:
            continue
        value = current_value(settings, contribution)
        if contribution.is_list_item:
            kept = value is not _MISSING and contribution.value in value
            shown = contribution.value
        else:
            kept = value == contribution.value
            shown = None if value is _MISSING else value
        rows.append(LayeredSetting(key=key, value=shown, source=contribution.source, kept=kept))
    return rows
