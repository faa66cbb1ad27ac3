"""quickscale_core.vite: a Vite manifest -> the shell's tags; the E030 deploy check; api_schema."""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import override_settings

from quickscale_core import checks, vite

MANIFEST = {
    "src/main.tsx": {
        "file": "assets/main-B1x_9aQz.js",
        "src": "src/main.tsx",
        "isEntry": True,
        "imports": ["_vendor-Cx12abcd.js"],
        "css": ["assets/main-D4e5f6g7.css"],
    },
    "_vendor-Cx12abcd.js": {"file": "assets/vendor-Cx12abcd.js", "css": ["assets/vendor-E8h9i0j1.css"]},
    "src/lazy.tsx": {"file": "assets/lazy-F2k3l4m5.js", "isDynamicEntry": True},
}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "dist" / ".vite" / "manifest.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(MANIFEST))
    vite._cache.clear()
    return path


def test_entry_assets_walk_imports_for_css_and_preloads() -> None:
    assets = vite.entry_assets(MANIFEST, "src/main.tsx")

    assert assets == vite.EntryAssets(
        script="assets/main-B1x_9aQz.js",
        css=("assets/vendor-E8h9i0j1.css", "assets/main-D4e5f6g7.css"),
        preload=("assets/vendor-Cx12abcd.js",),
    )


def test_a_missing_entry_names_the_setting() -> None:
    with pytest.raises(vite.ManifestError, match=r"no entry 'src/app\.tsx': set QUICKSCALE_VITE_ENTRY"):
        vite.entry_assets(MANIFEST, "src/app.tsx")


def test_a_missing_manifest_says_to_build(tmp_path: Path) -> None:
    with pytest.raises(vite.ManifestError, match="does not exist: build the front end"):
        vite.read_manifest(tmp_path / "manifest.json")


@pytest.mark.parametrize("text", ["{not json", "[1, 2]"])
def test_an_invalid_manifest_says_to_rebuild(tmp_path: Path, text: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(text)

    with pytest.raises(vite.ManifestError, match="npm run build again"):
        vite.read_manifest(path)


def test_the_template_tag_writes_hashed_static_urls(manifest: Path) -> None:
    with override_settings(QUICKSCALE_VITE_MANIFEST=str(manifest)):
        html = Template("{% load quickscale_vite %}{% vite_entry %}").render(Context())

    assert html == (
        '<link rel="stylesheet" href="/static/assets/vendor-E8h9i0j1.css">'
        '<link rel="stylesheet" href="/static/assets/main-D4e5f6g7.css">'
        '<link rel="modulepreload" href="/static/assets/vendor-Cx12abcd.js">'
        '<script type="module" src="/static/assets/main-B1x_9aQz.js"></script>'
    )


def test_a_rebuild_is_read_without_a_restart(manifest: Path) -> None:
    with override_settings(QUICKSCALE_VITE_MANIFEST=str(manifest), QUICKSCALE_VITE_ENTRY="src/main.tsx"):
        assert vite.current_assets().script == "assets/main-B1x_9aQz.js"
        rebuilt = {**MANIFEST, "src/main.tsx": {**MANIFEST["src/main.tsx"], "file": "assets/main-Z9y8x7w6.js"}}
        manifest.write_text(json.dumps(rebuilt))
        os.utime(manifest, (1, 1))  # a new modification time, whatever the clock's resolution

        assert vite.current_assets().script == "assets/main-Z9y8x7w6.js"
        assert vite.current_assets("src/lazy.tsx").script == "assets/lazy-F2k3l4m5.js"


def test_no_manifest_setting_is_an_error_for_the_tag() -> None:
    with pytest.raises(vite.ManifestError, match="QUICKSCALE_VITE_MANIFEST is not set"):
        vite.current_assets()


@pytest.mark.parametrize(
    ("url", "immutable"),
    [
        ("/static/assets/main-B1x_9aQz.js", True),
        ("/static/assets/main-D4e5f6g7.css", True),
        ("/static/css/site.3f2a9c1b7e4d.css", True),
        ("/static/css/site.css", False),
        ("/static/assets/logo.svg", False),
        ("/static/img/a-b.png", False),
    ],
)
def test_immutable_file_test(url: str, immutable: bool) -> None:
    assert vite.immutable_file_test("/any/path", url) is immutable


def test_deploy_check_without_a_vite_app_is_silent() -> None:
    assert checks.check_vite_manifest() == []


def test_deploy_check_reports_a_missing_or_invalid_manifest(tmp_path: Path, manifest: Path) -> None:
    with override_settings(QUICKSCALE_VITE_MANIFEST=str(tmp_path / "absent.json")):
        messages = checks.check_vite_manifest()
    assert [m.id for m in messages] == ["quickscale_core.E030"]
    assert "The single-page app is not built" in messages[0].msg
    assert "npm run build" in (messages[0].hint or "")

    with override_settings(QUICKSCALE_VITE_MANIFEST=str(manifest), QUICKSCALE_VITE_ENTRY="src/other.tsx"):
        assert [m.id for m in checks.check_vite_manifest()] == ["quickscale_core.E030"]
    with override_settings(QUICKSCALE_VITE_MANIFEST=str(manifest)):
        assert checks.check_vite_manifest() == []


def schema_command(*args: str) -> str:
    out = StringIO()
    call_command("api_schema", *args, stdout=out)
    return out.getvalue()


def test_api_schema_prints_the_served_schema(client: Any, db: None) -> None:
    printed = json.loads(schema_command())
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert printed == served
    assert printed["info"]["title"] == "API"


def test_api_schema_writes_then_checks(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"

    assert schema_command(str(path)) == f"Wrote {path}.\n"
    assert path.read_text().endswith("}\n")
    assert schema_command("--check", str(path)) == f"{path} matches the project's API schema.\n"

    drifted = json.loads(path.read_text())
    drifted["paths"].pop(next(iter(drifted["paths"])))
    path.write_text(json.dumps(drifted))
    with pytest.raises(
        CommandError, match=r"differs from the project's API schema: run manage.py api_schema .*api:types"
    ):
        schema_command("--check", str(path))


@pytest.mark.parametrize(("content", "message"), [(None, "does not exist: write it with"), ("{oops", "is not JSON")])
def test_api_schema_check_of_a_missing_or_broken_file(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "openapi.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match=message):
        schema_command("--check", str(path))


def test_api_schema_check_needs_a_path() -> None:
    with pytest.raises(CommandError, match="--check needs the file"):
        schema_command("--check")
