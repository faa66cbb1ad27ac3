"""The react theme: its overlay fitted to the chosen modules, both doors, the schema pairs it ships."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from quickscale_cli import template
from quickscale_cli.template import (
    REACT_SCHEMAS_DIR,
    THEMES_DIR,
    Choices,
    build_themed_zip,
    modules_index,
    react_combinations,
    render,
    schema_key,
)
from tests.conftest import Result
from tests.test_template import django_admin, tool

OVERLAY = THEMES_DIR / "react"
FRONTEND = OVERLAY / "frontend"
REPOSITORY = Path(__file__).resolve().parents[3]
CORE_CSS = REPOSITORY / "packages/quickscale-core/src/quickscale_core/static/quickscale/css/quickscale.css"
ALL = ("auth", "teams", "billing", "notifications")
Run = Callable[..., Result]

INDEX = """// The installed modules.
import type { AppModule } from "../lib/modules";
import billing from "./billing";
import notifications from "./notifications";
import teams from "./teams";

export const modules: AppModule[] = [teams, billing, notifications];
"""


def test_eight_combinations_all_with_auth() -> None:
    combinations = react_combinations()

    assert len(combinations) == len(set(combinations)) == 8
    assert combinations[0] == ("auth",)
    assert combinations[-1] == ALL
    assert all(combination[0] == "auth" for combination in combinations)
    assert sorted(schema_key(c) for c in combinations) == sorted(p.name for p in REACT_SCHEMAS_DIR.iterdir())


@pytest.mark.parametrize(
    ("modules", "imports", "array"),
    [
        (ALL, ["billing", "notifications", "teams"], "[teams, billing, notifications]"),
        (("auth", "billing"), ["billing"], "[billing]"),
        (("auth", "teams", "notifications"), ["notifications", "teams"], "[teams, notifications]"),
        (("auth",), [], "[]"),
    ],
)
def test_modules_index_keeps_only_the_chosen(modules: tuple[str, ...], imports: list[str], array: str) -> None:
    text = modules_index(INDEX, modules)

    assert [
        line.split()[1] for line in text.splitlines() if line.startswith("import ") and 'from "./' in line
    ] == imports
    assert f"export const modules: AppModule[] = {array};" in text
    assert text.startswith("// The installed modules.\nimport type { AppModule }")


def test_modules_index_of_another_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="imports 'teams' but never lists it"):
        modules_index('import teams from "./teams";\nexport const modules = [];\n', ("auth",))
    with pytest.raises(ValueError, match=r"still names \./billing"):
        modules_index(
            'import billing from "./billing";\nconst x = [billing];\nexport { default } from "./billing";\n', ()
        )


def test_react_needs_auth(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", "--modules", "none", "--theme", "react")

    assert result.code == 2
    assert "the react theme needs the auth module" in result.err
    assert "--modules auth" in result.err
    assert not (workdir / "mysite").exists()


def test_react_is_offered_in_the_prompt(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="auth,teams\nreact\n\n", tty=True)

    assert result.code == 0, result.err
    assert "Theme (html, htmx, react) [html]: " in result.out
    assert "(modules: auth, teams; theme: react)" in result.out
    assert "npm ci && npm run build" in result.out
    assert (workdir / "mysite" / "frontend" / "src" / "modules" / "teams").is_dir()


def frontend_files(frontend: Path) -> set[str]:
    return {p.relative_to(frontend).as_posix() for p in frontend.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def react_projects(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Path]:
    root = tmp_path_factory.mktemp("react")
    projects = {}
    for modules in react_combinations():
        target = root / schema_key(modules)
        render("mysite", target, Choices(modules=modules, theme="react"))
        projects[modules] = target
    return projects


def test_every_combination_gets_its_modules_and_schema(react_projects: dict[tuple[str, ...], Path]) -> None:
    overlay_files = {
        name for name in frontend_files(FRONTEND) if not name.startswith(("node_modules/", "dist/", "coverage/"))
    }
    for modules, project in react_projects.items():
        frontend = project / "frontend"
        files = frontend_files(frontend)
        for module in ("teams", "billing", "notifications"):
            assert (frontend / "src" / "modules" / module).is_dir() == (module in modules), (modules, module)
        expected = {
            name
            for name in overlay_files
            if not (name.startswith("src/modules/") and name.count("/") > 2 and name.split("/")[2] not in modules)
        }
        assert files == expected, modules
        pair = REACT_SCHEMAS_DIR / schema_key(modules)
        assert filecmp.cmp(frontend / "openapi.json", pair / "openapi.json", shallow=False)
        assert filecmp.cmp(frontend / "src" / "api" / "schema.d.ts", pair / "schema.d.ts", shallow=False)
        index = (frontend / "src" / "modules" / "index.ts").read_text()
        for module in ("teams", "billing", "notifications"):
            assert (f'"./{module}"' in index) == (module in modules), (modules, index)
        # The Django side: the shell, headless settings, no html home page.
        assert (project / "templates" / "spa.html").is_file()
        assert not (project / "templates" / "home.html").exists()
        base = (project / "mysite" / "settings" / "base.py").read_text()
        assert 'QUICKSCALE_VITE_MANIFEST = FRONTEND_DIST / ".vite" / "manifest.json"' in base
        assert '"account_confirm_email": "/account/verify-email/{key}"' in base
        assert ("QUICKSCALE_TEAMS_ACCEPT_URL" in base) == ("teams" in modules)
        assert ('QUICKSCALE_BILLING_SUCCESS_URL = "/billing/success"' in base) == ("billing" in modules)
        assert "re_path(views.SPA_PATHS, views.spa" in (project / "mysite" / "urls.py").read_text()


def test_the_overlays_pair_is_the_all_modules_one() -> None:
    pair = REACT_SCHEMAS_DIR / schema_key(ALL)
    assert json.loads((FRONTEND / "openapi.json").read_text()) == json.loads((pair / "openapi.json").read_text())


def test_react_projects_pass_ruff(react_projects: dict[tuple[str, ...], Path]) -> None:
    root = next(iter(react_projects.values())).parent
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run([tool("ruff"), *command, str(root)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_apps_stylesheet_is_cores() -> None:
    """The app imports src/styles/quickscale.css: the same tokens and components as the other themes."""
    assert CORE_CSS.is_file()
    assert filecmp.cmp(FRONTEND / "src" / "styles" / "quickscale.css", CORE_CSS, shallow=False), (
        "the react overlay's src/styles/quickscale.css differs from quickscale-core's quickscale.css: copy it again"
    )


def test_no_build_output_or_installs_are_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = tmp_path / "themes"
    for name in ("react/frontend/node_modules/x/index.js", "react/frontend/dist/assets/a.js"):
        (overlay / name).parent.mkdir(parents=True, exist_ok=True)
        (overlay / name).write_text("x")
    shutil.copytree(
        OVERLAY, overlay / "react", dirs_exist_ok=True, ignore=shutil.ignore_patterns("node_modules", "dist")
    )
    monkeypatch.setattr(template, "THEMES_DIR", overlay)

    render("mysite", tmp_path / "mysite", Choices(modules=("auth",), theme="react"))

    assert not (tmp_path / "mysite" / "frontend" / "node_modules").exists()
    assert not (tmp_path / "mysite" / "frontend" / "dist").exists()


def test_the_schema_pairs_match_the_api() -> None:
    """Each combination's openapi.json is what a project with those modules serves (regenerated now)."""
    script = REPOSITORY / "scripts" / "react_schemas.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=600)

    assert result.returncode == 0, result.stderr[-3000:]


def test_template_command_writes_a_themed_zip(run: Run, workdir: Path) -> None:
    result = run("template", "--theme", "react", "--output", "react.zip")

    assert result.code == 0, result.err
    assert Path(result.out.strip()) == workdir / "react.zip"
    names = zipfile.ZipFile(workdir / "react.zip").namelist()
    assert "quickscale-project-template/frontend/src/modules/index.ts" in names
    assert not any("/modules/teams/" in name for name in names)  # django-admin's default modules: auth


def test_django_admin_renders_the_themed_zip_like_init(tmp_path: Path) -> None:
    archive = build_themed_zip(tmp_path / "react.zip", "react")
    (tmp_path / "door").mkdir()
    (tmp_path / "init").mkdir()
    render("mysite", tmp_path / "init" / "mysite", Choices(modules=("auth",), theme="react"))

    completed = django_admin(archive, "mysite", tmp_path / "door")

    assert completed.returncode == 0, completed.stderr
    door, init = tmp_path / "door" / "mysite", tmp_path / "init" / "mysite"
    door_files = {p.relative_to(door).as_posix() for p in door.rglob("*") if p.is_file()}
    init_files = {p.relative_to(init).as_posix() for p in init.rglob("*") if p.is_file()}
    # django-admin keeps the files init leaves out for rendering to nothing (another module's, empty).
    assert init_files <= door_files
    assert {name for name in door_files - init_files if (door / name).read_text().strip()} == set()
    for name in sorted(init_files):
        assert (door / name).read_bytes() == (init / name).read_bytes(), name


def test_htmx_zip_for_django_admin(run: Run, workdir: Path) -> None:
    result = run("template", "--theme", "htmx")

    assert result.code == 0, result.err
    names = zipfile.ZipFile(workdir / "quickscale-htmx.zip").namelist()
    assert "quickscale-project-template/static/js/htmx.min.js" in names
