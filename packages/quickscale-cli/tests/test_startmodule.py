"""``quickscale startmodule``: bad input writes nothing; good input renders a complete module package.

The package is built, published, installed and tested for real by the private-index
end-to-end run (e2e/test_index.py); these tests cover the command itself.
"""

from __future__ import annotations

import argparse
import ast
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from quickscale_cli import startmodule
from quickscale_cli.startmodule import CORE_RANGE, ModuleNames

Run = Callable[..., int]


@pytest.fixture
def run_startmodule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Parse ``startmodule`` arguments the way ``quickscale`` does and run the command in tmp_path."""
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser(prog="quickscale")
    startmodule.add_parser(parser.add_subparsers(dest="command"))

    def run(*argv: str) -> int:
        args = parser.parse_args(["startmodule", *argv])
        result: int = args.handler(args)
        return result

    return run


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("quickscale startmodule: error: ")
    return err


def listing(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


class TestBadInput:
    @pytest.mark.parametrize("name", ["Crm", "2crm", "my-crm", "crm.sub", "", "_crm"])
    def test_an_invalid_name(
        self, name: str, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule(name) == 2
        assert "is not a valid module name" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("name", ["class", "import", "match"])
    def test_a_keyword(
        self, name: str, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule(name) == 2
        assert "is a Python keyword" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_a_folder_name_of_the_module(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("migrations") == 2
        assert "folder name in QuickScale's templates" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("namespace", ["Acme", "acme.modules", "acme-modules", ""])
    def test_an_invalid_namespace(
        self, namespace: str, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("crm", "--namespace", namespace) == 2
        assert "is not a valid namespace" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("namespace", "reason"),
        [
            ("for", "is a Python keyword: choose another namespace"),
            ("json", "standard library: choose another namespace"),
            ("django", "taken by django, a dependency of QuickScale projects: choose another namespace"),
            ("_acme", "is not a valid namespace"),
        ],
    )
    def test_a_namespace_the_shared_rule_refuses(
        self, namespace: str, reason: str, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("crm", "--namespace", namespace) == 2
        assert reason in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_a_regular_package_as_namespace(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("crm", "--namespace", "quickscale_cli") == 2
        assert "is an installed regular package, not a namespace" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_a_package_name_of_a_dependency(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("spectacular", "--namespace", "drf") == 2
        assert "the package name drf-spectacular is taken by drf-spectacular" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_a_label_of_quickscale(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("teams") == 2
        assert "'quickscale_teams' belongs to QuickScale" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_an_installed_module(
        self, run_startmodule: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        installed = tmp_path / "site" / "installed_modules" / "crm"
        installed.mkdir(parents=True)
        (installed / "__init__.py").write_text("")
        monkeypatch.syspath_prepend(str(tmp_path / "site"))

        assert run_startmodule("crm", "--namespace", "installed_modules", "--directory", "out") == 2
        assert "installed_modules.crm is already installed here" in error_line(capsys)
        assert not (tmp_path / "out").exists()

    def test_an_existing_non_empty_target(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "quickscale-modules-crm").mkdir()
        (tmp_path / "quickscale-modules-crm" / "keep.txt").write_text("mine")

        assert run_startmodule("crm") == 2
        assert "already exists and is not empty" in error_line(capsys)
        assert listing(tmp_path) == ["quickscale-modules-crm/keep.txt"]

    def test_a_missing_parent_folder(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("crm", "--directory", "no/such/folder") == 2
        assert "does not exist" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []

    def test_a_write_failure_leaves_nothing(
        self, run_startmodule: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def fail(names: ModuleNames, folder: Path) -> list[Path]:
            (folder / "half-written.txt").write_text("x")
            raise OSError("disk full")

        monkeypatch.setattr(startmodule, "render_into", fail)

        assert run_startmodule("crm") == 1
        assert "disk full; nothing was written" in error_line(capsys)
        assert list(tmp_path.iterdir()) == []


class TestScaffold:
    def test_the_default_namespace(
        self, run_startmodule: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_startmodule("crm") == 0

        package = tmp_path / "quickscale-modules-crm"
        assert "Created quickscale-modules-crm" in capsys.readouterr().out
        assert listing(package) == [
            ".gitignore",
            "LICENSE",
            "README.md",
            "pyproject.toml",
            "src/quickscale_modules/crm/__init__.py",
            "src/quickscale_modules/crm/admin.py",
            "src/quickscale_modules/crm/apps.py",
            "src/quickscale_modules/crm/forms.py",
            "src/quickscale_modules/crm/layer.py",
            "src/quickscale_modules/crm/migrations/0001_initial.py",
            "src/quickscale_modules/crm/migrations/__init__.py",
            "src/quickscale_modules/crm/models.py",
            "src/quickscale_modules/crm/py.typed",
            "src/quickscale_modules/crm/selectors.py",
            "src/quickscale_modules/crm/services.py",
            "src/quickscale_modules/crm/templates/quickscale_crm/item_list.html",
            "src/quickscale_modules/crm/urls.py",
            "src/quickscale_modules/crm/views.py",
            "tests/__init__.py",
            "tests/settings.py",
            "tests/test_items.py",
            "tests/urls.py",
        ]
        apps_py = (package / "src/quickscale_modules/crm/apps.py").read_text()
        assert 'label = "quickscale_crm"' in apps_py
        assert "class CrmConfig(ModuleConfig):" in apps_py

    def test_a_custom_namespace_and_directory(self, run_startmodule: Run, tmp_path: Path) -> None:
        (tmp_path / "empty").mkdir()

        assert run_startmodule("sales_leads", "--namespace", "acme_modules", "--directory", "empty") == 0

        package = tmp_path / "empty"
        module = package / "src" / "acme_modules" / "sales_leads"
        assert not (package / "src" / "acme_modules" / "__init__.py").exists()  # PEP 420 namespace
        pyproject = tomllib.loads((package / "pyproject.toml").read_text())
        assert pyproject["project"]["name"] == "acme-modules-sales-leads"
        assert pyproject["project"]["dependencies"] == [f"quickscale-core{CORE_RANGE}"]
        assert pyproject["project"]["optional-dependencies"]["testing"] == [f"quickscale-core[testing]{CORE_RANGE}"]
        assert pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/acme_modules"]
        assert pyproject["tool"]["hatch"]["version"]["path"] == "src/acme_modules/sales_leads/__init__.py"
        assert '__version__ = "0.1.0"' in (module / "__init__.py").read_text()
        apps_py = (module / "apps.py").read_text()
        assert 'name = "acme_modules.sales_leads"' in apps_py
        assert 'label = "acme_sales_leads"' in apps_py
        assert "class SalesLeadsConfig(ModuleConfig):" in apps_py
        assert 'lists={"INSTALLED_APPS": ["acme_modules.sales_leads"]}' in (module / "layer.py").read_text()
        assert (module / "templates" / "acme_sales_leads" / "item_list.html").is_file()
        assert (
            'path("sales_leads/", include("acme_modules.sales_leads.urls"))' in (package / "tests/urls.py").read_text()
        )

    def test_a_directory_outside_the_current_folder(
        self, run_startmodule: Run, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
    ) -> None:
        elsewhere = tmp_path_factory.mktemp("elsewhere") / "crm"

        assert run_startmodule("crm", "--directory", str(elsewhere)) == 0
        assert f"Created quickscale-modules-crm in {elsewhere}" in capsys.readouterr().out
        assert (elsewhere / "pyproject.toml").is_file()

    def test_every_python_file_parses(self, run_startmodule: Run, tmp_path: Path) -> None:
        assert run_startmodule("crm", "--namespace", "acme_modules") == 0

        python_files = list((tmp_path / "acme-modules-crm").rglob("*.py"))
        assert len(python_files) == 16
        for path in python_files:
            ast.parse(path.read_text(), filename=str(path))
            assert "{{" not in path.read_text(), path
            assert "{%" not in path.read_text(), path

    def test_the_page_template_keeps_its_django_tags(self, run_startmodule: Run, tmp_path: Path) -> None:
        assert run_startmodule("crm") == 0

        page = (
            tmp_path / "quickscale-modules-crm/src/quickscale_modules/crm/templates/quickscale_crm/item_list.html"
        ).read_text()
        assert page.startswith('{% extends "base.html" %}')
        assert "{% block title %}Crm{% endblock %}" in page
        assert "{% block content %}" in page
        assert "{% csrf_token %}" in page
        assert "{{ item.name }}" in page
        assert {block.split()[0] for block in page.split("{% block ")[1:]} <= {"title", "head", "content", "scripts"}

    def test_the_readme_says_how_to_build_and_publish(self, run_startmodule: Run, tmp_path: Path) -> None:
        assert run_startmodule("crm", "--namespace", "acme_modules") == 0

        readme = (tmp_path / "acme-modules-crm" / "README.md").read_text()
        assert "## Build and publish" in readme
        assert "twine upload --repository-url" in readme
        assert 'apply_modules(globals(), "quickscale_modules.auth", "acme_modules.crm")' in readme

    def test_main_runs_the_command_on_its_own(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)

        assert startmodule.main(["crm", "--namespace", "acme_modules"]) == 0
        assert (tmp_path / "acme-modules-crm" / "pyproject.toml").is_file()

    def test_the_names(self) -> None:
        names = ModuleNames(name="crm", namespace="quickscale_modules")

        assert (names.dist_name, names.label, names.import_path) == (
            "quickscale-modules-crm",
            "quickscale_crm",
            "quickscale_modules.crm",
        )
        assert ModuleNames(name="crm", namespace="acme").label == "acme_crm"
