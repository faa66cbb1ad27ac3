"""The design system holds together: every class a shipped template uses is styled by a shipped stylesheet.

Shipped templates: quickscale-core's, every module's (allauth's overrides included), the project
template's and the themes', and the module template of ``quickscale startmodule``. Shipped stylesheets:
core's design system and the project's site.css. A class used only as a script hook starts with
``js-`` and needs no rule. Email templates are left out (mail clients get inline styles).
The same files must hold no inline script, ``<style>`` block, ``style=`` attribute or ``on...=`` handler,
so core's Content-Security-Policy needs no nonce for them; the one exception is the API docs' Swagger UI
page, whose ``<style>`` carries ``nonce="{{ csp_nonce }}"``.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from quickscale_cli.template import PACKAGE_DIR, TEMPLATE_DIR, THEMES_DIR

PACKAGES = (
    "quickscale_core",
    "quickscale_modules.auth",
    "quickscale_modules.teams",
    "quickscale_modules.billing",
    "quickscale_modules.notifications",
)

#: Dynamic class names and every value they take: ``alert-{{ message.level_tag }}``.
DYNAMIC = {
    "alert-": ("debug", "info", "success", "warning", "error"),
    "badge-": ("success", "warning", "danger", "info", "neutral"),  # billing's status_tone filter
}
SCRIPT_HOOK = "js-"
#: The one template with an inline <style>, nonced: the API docs (core's Swagger UI page).
NONCED_STYLE_TEMPLATE = ("api", "swagger_ui.html")
PLACEHOLDER = "\x00"


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is not installed"
    assert spec.submodule_search_locations, f"{name} is not a package"
    return Path(next(iter(spec.submodule_search_locations)))


def template_files() -> Iterator[Path]:
    roots = [package_dir(name) / "templates" for name in PACKAGES]
    roots += [TEMPLATE_DIR / "templates", THEMES_DIR, PACKAGE_DIR / "module_template"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            is_page = path.suffix == ".html" or path.name.endswith(".html-tpl")
            if is_page and "email" not in path.relative_to(root).parts:
                yield path


def stylesheets() -> list[Path]:
    found = [*sorted((package_dir("quickscale_core") / "static").rglob("*.css"))]
    found += sorted((TEMPLATE_DIR / "static").rglob("*.css")) + sorted(THEMES_DIR.rglob("*.css"))
    return found


def scripts() -> list[Path]:
    return [*sorted((package_dir("quickscale_core") / "static").rglob("*.js")), *sorted(THEMES_DIR.rglob("*-setup.js"))]


def without_comments(source: str) -> str:
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    return re.sub(r"{#.*?#}", " ", source, flags=re.S)


def template_classes(source: str) -> set[str]:
    """Class names of ``class="..."`` attributes; tags are dropped (both branches of an if count)."""
    source = without_comments(source)
    source = re.sub(r"{%.*?%}", " ", source, flags=re.S)
    source = re.sub(r"{{.*?}}", PLACEHOLDER, source, flags=re.S)
    names: set[str] = set()
    for value in re.findall(r"""\bclass=(?:"([^"]*)"|'([^']*)')""", source):
        names.update((value[0] or value[1]).split())
    return names


def expand(name: str) -> list[str]:
    if PLACEHOLDER not in name:
        return [name]
    prefix = name.split(PLACEHOLDER)[0]
    if prefix not in DYNAMIC or name != prefix + PLACEHOLDER:
        raise AssertionError(f"dynamic class {name!r}: list its values in DYNAMIC")
    return [prefix + value for value in DYNAMIC[prefix]]


def styled_classes(css: str) -> set[str]:
    """Classes named in any selector (the text before each innermost ``{...}`` block)."""
    css = re.sub(r"/\*.*?\*/", " ", css, flags=re.S)
    names: set[str] = set()
    for selector in re.findall(r"([^{}]*)\{[^{}]*\}", css):
        names.update(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", selector))
    return names


def test_the_scan_sees_every_package() -> None:
    files = [str(path) for path in template_files()]

    for needle in ("quickscale_core", "auth/templates/allauth", "teams/templates", "billing/templates", "themes/htmx"):
        assert any(needle in name for name in files), needle
    assert template_classes('<a class="btn {% if x == "y" %}card{% endif %}" data-x=\'{"a": 1}\'>') == {"btn", "card"}
    assert expand(f"alert-{PLACEHOLDER}") == [f"alert-{level}" for level in DYNAMIC["alert-"]]
    assert styled_classes("@media (x) { .a:not(.b) > p, .c { color: red } } .d{}") == {"a", "b", "c", "d"}


def test_every_class_in_a_shipped_template_is_styled() -> None:
    styled = set().union(*(styled_classes(path.read_text()) for path in stylesheets()))
    used: dict[str, set[str]] = {}
    for path in template_files():
        for raw in template_classes(path.read_text()):
            for name in expand(raw):
                used.setdefault(name, set()).add(path.name)
    for path in scripts():  # classes the scripts add (classList.add("is-open"))
        for name in re.findall(r"classList\.(?:add|toggle|remove)\(\s*[\"']([^\"']+)[\"']", path.read_text()):
            used.setdefault(name, set()).add(path.name)

    unstyled = {
        name: sorted(files) for name, files in used.items() if name not in styled and not name.startswith(SCRIPT_HOOK)
    }

    assert len(used) > 40
    assert unstyled == {}, f"classes no shipped stylesheet styles (add a rule, or a js- prefix for a hook): {unstyled}"


@pytest.mark.parametrize("path", list(template_files()), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_inline_script_style_or_handler(path: Path) -> None:
    source = without_comments(path.read_text())

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script>: move it to a static .js file"
    if path.parts[-2:] == NONCED_STYLE_TEMPLATE:
        # drf-spectacular's Swagger UI page is not the design system's: its few layout rules stay the
        # <style> of drf-spectacular's template, allowed by the policy through the request's nonce.
        source = re.sub(r'<style nonce="{{ csp_nonce }}">.*?</style>', " ", source, flags=re.S)
    assert not re.search(r"<style\b", source), "<style> block: move it to a stylesheet"
    assert not re.search(r"\sstyle=", source), "style= attribute: use a class"
    assert not re.search(r"\son[a-z]+=", source), "on...= handler: bind it in a static .js file"
