"""The names ``init`` and ``startmodule`` refuse (one shared rule), and the committed reserved-names table."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

import quickscale_cli
from quickscale_cli import validation
from quickscale_cli.startmodule import MODULE_TEMPLATE_DIR
from quickscale_cli.template import TEMPLATE_DIR
from quickscale_cli.validation import TEMPLATE_FOLDERS, reserved_names
from tests.conftest import Result, listing

Run = Callable[..., Result]

REPO = Path(__file__).resolve().parents[3]
GENERATOR = REPO / "scripts" / "reserved_names.py"
TABLE = files("quickscale_cli") / "reserved_names.txt"

#: name -> the reason its one-line error gives.
REFUSED = {
    "über": "use ASCII letters, digits and underscores",
    "_x": "cannot start or end with an underscore",
    "shop_": "cannot start or end with an underscore",
    "allauth": "taken by django-allauth, a dependency of QuickScale projects",
    "django_allauth": "taken by django-allauth",  # the distribution name: pip install would clash
    "stripe": "taken by stripe",
    "Stripe": "taken by stripe",
    "djstripe": "taken by dj-stripe",
    "rest_framework": "taken by djangorestframework",
    "quickscale_core": "taken by quickscale-core",
    "environ": "taken by django-environ",
    "whitenoise": "taken by whitenoise",
    "drf_spectacular": "taken by drf-spectacular",
    "fido2": "taken by fido2",  # allauth's mfa extra
    "gunicorn": "taken by gunicorn",  # the template's own dependencies
    "factory": "taken by factory-boy",  # ... and its dev extra
    "tests": "is a folder name in QuickScale's templates",
    "class": "is a Python keyword",
    "json": "is a module of Python's standard library",
    "email": "is a module of Python's standard library",
    "test": "is a module of Python's standard library",
    "typing": "is a module of Python's standard library",
}
ACCEPTED = ["mysite", "shop", "acme_portal"]


@pytest.mark.parametrize(("name", "reason"), REFUSED.items(), ids=REFUSED.keys())
def test_init_refuses_the_name_and_writes_nothing(run: Run, workdir: Path, name: str, reason: str) -> None:
    result = run("init", name, "--no-input")

    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"quickscale init: error: {name!r} ")
    assert reason in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (workdir / name).exists()
    assert listing(workdir) == []


@pytest.mark.parametrize(("name", "reason"), REFUSED.items(), ids=REFUSED.keys())
def test_startmodule_refuses_the_name_and_writes_nothing(run: Run, workdir: Path, name: str, reason: str) -> None:
    result = run("startmodule", name)

    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"quickscale startmodule: error: {name!r} ")
    assert reason in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert listing(workdir) == []


@pytest.fixture(scope="module")
def pipx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sys.path like a pipx install's, where no dependency of a project is importable: the CLI alone."""
    folder = tmp_path_factory.mktemp("pipx")
    (folder / "quickscale_cli").symlink_to(Path(quickscale_cli.__file__).parent)
    return folder


TAKEN = [name for name, reason in REFUSED.items() if "taken by" in reason]


@pytest.mark.parametrize("command", ["init", "startmodule"])
@pytest.mark.parametrize("name", TAKEN)
def test_a_dependency_name_is_refused_where_it_is_not_installed(
    pipx_path: Path, tmp_path: Path, command: str, name: str
) -> None:
    environment = {**os.environ, "PYTHONPATH": str(pipx_path)}
    script = (
        f"import importlib.util, sys; assert importlib.util.find_spec({name!r}) is None; sys.argv[0] = 'quickscale'"
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            f"{script}; from quickscale_cli.main import main; sys.exit(main())",
            command,
            name,
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert completed.returncode == 2, completed.stderr
    assert REFUSED[name] in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ACCEPTED)
def test_init_accepts_a_plain_name(run: Run, workdir: Path, name: str) -> None:
    result = run("init", name, "--no-input", "--modules", "none")

    assert result.code == 0, result.err
    assert (workdir / name / name / "settings" / "base.py").is_file()


@pytest.mark.parametrize("name", ACCEPTED)
def test_startmodule_accepts_a_plain_name(run: Run, workdir: Path, name: str) -> None:
    result = run("startmodule", name)

    assert result.code == 0, result.err
    assert (workdir / f"quickscale-modules-{name.replace('_', '-')}" / "src" / "quickscale_modules" / name).is_dir()


def test_init_ignores_what_is_installed_where_the_cli_runs(run: Run, workdir: Path) -> None:
    pytest.importorskip("coverage")  # installed here (a test tool), not a dependency of a project

    result = run("init", "coverage", "--no-input", "--modules", "none")

    assert result.code == 0, result.err
    assert (workdir / "coverage" / "coverage" / "urls.py").is_file()


def test_the_table_names_each_distribution() -> None:
    table = reserved_names()

    assert table["environ"] == "django-environ"
    modules = ("auth", "billing", "notifications", "teams")
    assert table["quickscale_modules"] == ",".join(f"quickscale-modules-{name}" for name in modules)
    assert all(name.isidentifier() and name == name.lower() for name in table)
    assert list(table) == sorted(table)


def test_template_folders_cover_both_templates() -> None:
    placeholders = {"project_name", "namespace", "module_name"}
    project_folders = {path.name for path in TEMPLATE_DIR.iterdir() if path.is_dir()}
    module_package = MODULE_TEMPLATE_DIR / "src" / "namespace" / "module_name"
    module_folders = {
        path.name for path in [*MODULE_TEMPLATE_DIR.iterdir(), *module_package.iterdir()] if path.is_dir()
    }

    folders = {name for name in project_folders | module_folders if not name.startswith(".")} - placeholders

    assert folders <= TEMPLATE_FOLDERS


# The generator lives in the repository (scripts/), not in the wheel: these tests need a checkout.
needs_checkout = pytest.mark.skipif(not GENERATOR.is_file(), reason="scripts/reserved_names.py is not here")


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reserved_names_generator", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_checkout
def test_the_committed_table_is_up_to_date(generator: ModuleType) -> None:
    table = generator.reserved_names()
    committed = validation.reserved_names()

    added, removed = sorted(table.keys() - committed.keys()), sorted(committed.keys() - table.keys())
    assert TABLE.read_text(encoding="utf-8") == generator.render_table(table), (
        f"quickscale_cli/reserved_names.txt is out of date (new: {added}, gone: {removed}): "
        f"run {generator.REFRESH} and commit it"
    )


@needs_checkout
def test_the_generator_needs_every_dependency_installed(generator: ModuleType, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "{{ project_name }}"\ndependencies = ["no-such-dist-here>=1"]\n')

    with pytest.raises(generator.MissingDistributionError, match="no-such-dist-here is not installed here"):
        generator.reserved_names([pyproject], ours={})


@needs_checkout
def test_the_generator_follows_extras_markers_and_templates(generator: ModuleType, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "{{ project_name }}"\ndependencies = [{% if has_teams %}\n'
        '  "pyjwt[crypto]",{% endif %}\n'
        "  \"other-os-only; sys_platform == 'no-such-os'\",\n"
        "  \"windows-only; sys_platform == 'win32' and python_version < '3.10'\",\n"
        "]\n[project.optional-dependencies]\ndev = [\"windows-tool; sys_platform == 'win32'\"]\n"
    )

    table = generator.reserved_names([pyproject], ours={})

    assert table["jwt"] == "pyjwt"
    assert table["cryptography"] == "cryptography"  # pyjwt's crypto extra
    assert table["windows_tool"] == "windows-tool"  # needed on Windows: its name is kept
    assert "other_os_only" not in table
    assert "windows_only" not in table
