"""The ``quickscale`` command: help, version, bad input, prompts, failures part-way."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import quickscale_cli
from quickscale_cli import template
from quickscale_cli.template import TEMPLATE_DIR
from tests.conftest import Result, listing

Run = Callable[..., Result]


@pytest.mark.parametrize("argv", [["--help"], ["init", "--help"], ["template", "--help"], ["startmodule", "--help"]])
def test_help_on_every_command(run: Run, argv: list[str]) -> None:
    result = run(*argv)

    assert result.code == 0
    assert result.out.startswith("usage: quickscale")


def test_init_help_lists_the_choices(run: Run) -> None:
    out = run("init", "--help").out

    for word in ("--modules", "--theme", "--directory", "--no-input", "auth", "teams", "billing", "htmx", "react"):
        assert word in out


def test_template_help_shows_the_django_admin_line(run: Run) -> None:
    assert "django-admin startproject --template" in " ".join(run("template", "--help").out.split())


def test_version(run: Run) -> None:
    result = run("--version")

    assert result.code == 0
    assert result.out.strip() == f"quickscale {quickscale_cli.__version__}"


def test_no_command_prints_help(run: Run) -> None:
    result = run()

    assert result.code == 2
    assert "init" in result.out
    assert "template" in result.out
    assert "startmodule" in result.out


def test_template_prints_the_template_folder(run: Run) -> None:
    result = run("template")

    assert result.code == 0
    assert Path(result.out.strip()) == TEMPLATE_DIR
    assert (TEMPLATE_DIR / "manage.py-tpl").is_file()


def test_console_script_and_module_entry_points() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "quickscale_cli", "--version"], capture_output=True, text=True, check=True
    )

    assert completed.stdout.strip() == f"quickscale {quickscale_cli.__version__}"


BAD_INPUTS = {
    "not an identifier": (["init", "my-site"], "not a valid project name"),
    "starts with a digit": (["init", "1site"], "not a valid project name"),
    "keyword": (["init", "class"], "Python keyword"),
    "soft keyword": (["init", "match"], "Python keyword"),
    "shadows django": (["init", "django"], "taken by django, a dependency of QuickScale projects"),
    "shadows test": (["init", "test"], "standard library"),
    "shadows quickscale_core": (["init", "quickscale_core"], "taken by quickscale-core"),
    "shadows a stdlib module": (["init", "json"], "standard library"),
    "a folder of the template": (["init", "tests"], "folder name in QuickScale's templates"),
    "unknown module": (["init", "mysite", "--modules", "auth,shop"], "unknown module 'shop'"),
    "empty module name": (["init", "mysite", "--modules", "auth,"], "empty name"),
    "unknown theme": (["init", "mysite", "--theme", "vue"], "unknown theme 'vue'"),
    "missing parent folder": (["init", "mysite", "--directory", "no/such/folder"], "does not exist"),
    "no name": (["init"], "the following arguments are required: NAME"),
    "unknown option": (["init", "mysite", "--colour"], "unrecognized arguments"),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_a_one_line_error_and_writes_nothing(run: Run, workdir: Path, case: Any) -> None:
    argv, message = case

    result = run(*argv)

    assert result.code == 2
    assert result.out == ""
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert listing(workdir) == []


def test_existing_non_empty_target_is_refused(run: Run, workdir: Path) -> None:
    (workdir / "mysite").mkdir()
    (workdir / "mysite" / "notes.txt").write_text("mine")

    result = run("init", "mysite", "--no-input")

    assert result.code == 2
    assert "already exists and is not empty" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert listing(workdir) == ["mysite", "mysite/notes.txt"]


def test_existing_file_target_is_refused(run: Run, workdir: Path) -> None:
    (workdir / "mysite").write_text("a file")

    result = run("init", "mysite", "--no-input")

    assert result.code == 2
    assert "is not a folder" in result.err
    assert listing(workdir) == ["mysite"]


def test_existing_empty_target_is_used(run: Run, workdir: Path) -> None:
    (workdir / "site").mkdir()

    result = run("init", "mysite", "--directory", "site", "--no-input")

    assert result.code == 0, result.err
    assert (workdir / "site" / "manage.py").is_file()
    assert (workdir / "site" / "mysite" / "settings" / "base.py").is_file()


def test_init_with_defaults_prints_next_steps(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", "--no-input")

    assert result.code == 0, result.err
    assert "Created mysite in mysite (modules: auth; theme: html)." in result.out
    assert "Next steps:" in result.out
    assert "cd mysite" in result.out
    assert "python manage.py migrate" in result.out
    assert listing(workdir)[0] == "mysite"
    assert (workdir / "mysite" / "manage.py").stat().st_mode & 0o111


def test_directory_outside_the_working_folder_is_shown_in_full(run: Run, workdir: Path, tmp_path: Path) -> None:
    result = run("init", "mysite", "--modules", "none", "--directory", str(tmp_path / "elsewhere"))

    assert result.code == 0, result.err
    assert f"cd {tmp_path / 'elsewhere'}" in result.out
    assert "quickscale_demo" not in result.out


def test_teams_and_billing_bring_auth(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", "--modules", "billing,TEAMS")

    assert result.code == 0, result.err
    assert "(modules: auth, teams, billing; theme: html)" in result.out


def test_project_folder_gets_the_usual_permissions(run: Run, workdir: Path) -> None:
    run("init", "mysite", "--no-input")

    assert (workdir / "mysite").stat().st_mode & 0o777 != 0o700


class Interrupt(BaseException):
    """Like a signal or SystemExit raised from inside the render."""


@pytest.mark.parametrize("error", [RuntimeError("boom"), Interrupt()])
def test_crash_part_way_leaves_nothing(
    run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def fail(folder: Path, *args: object) -> None:
        assert (folder / "manage.py").is_file()  # the render had written files
        raise error

    monkeypatch.setattr(template, "apply_theme", fail)

    with pytest.raises(type(error)):
        run("init", "mysite", "--no-input")

    assert listing(workdir) == []


def test_ctrl_c_part_way_leaves_nothing(run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(folder: Path, *args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(template, "apply_theme", fail)

    result = run("init", "mysite", "--no-input")

    assert result.code == 130
    assert "interrupted, nothing was written" in result.err
    assert listing(workdir) == []


def test_interrupted_while_django_renders_leaves_nothing(
    run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.management.templates import TemplateCommand

    calls = []

    def make_writeable(self: TemplateCommand, filename: str) -> None:
        calls.append(filename)
        if len(calls) == 5:
            raise KeyboardInterrupt

    monkeypatch.setattr(TemplateCommand, "make_writeable", make_writeable)

    result = run("init", "mysite", "--no-input")

    assert result.code == 130
    assert len(calls) == 5
    assert listing(workdir) == []


def test_write_error_is_reported_in_one_line(run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(folder: Path, *args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(template, "apply_theme", fail)

    result = run("init", "mysite", "--no-input")

    assert result.code == 1
    assert "could not write" in result.err
    assert "nothing was written" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert listing(workdir) == []


# Prompts


def test_prompts_in_a_terminal(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="auth,teams\nhtmx\n\n", tty=True)

    assert result.code == 0, result.err
    assert "Modules (auth, teams, billing, notifications, or none) [auth]: " in result.out
    assert "Theme (html, htmx, react) [html]: " in result.out
    assert "(modules: auth, teams; theme: htmx)" in result.out
    assert (workdir / "mysite" / "static" / "js" / "htmx.min.js").is_file()


def test_prompt_defaults_on_empty_answers(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="\n\n\n", tty=True)

    assert result.code == 0, result.err
    assert "(modules: auth; theme: html)" in result.out


def test_prompts_ask_again_after_a_bad_answer(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="shop\nnone\nvue\nHTMX\nhttp://pypi.acme.io/\n\n", tty=True)

    assert result.code == 0, result.err
    assert "unknown module 'shop'" in result.out
    assert "unknown theme 'vue'" in result.out
    assert "is not an https URL" in result.out
    assert "(modules: none; theme: htmx)" in result.out


def test_end_of_input_while_asking_writes_nothing(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="auth\n", tty=True)

    assert result.code == 2
    assert "no answer" in result.err
    assert listing(workdir) == []


@pytest.mark.parametrize(
    "flags", [["--no-input"], ["--modules", "auth"], ["--theme", "html"]], ids=["no-input", "modules", "theme"]
)
def test_flags_never_ask(run: Run, workdir: Path, flags: list[str]) -> None:
    result = run("init", "mysite", *flags, stdin="teams\nhtmx\n", tty=True)

    assert result.code == 0, result.err
    assert "[auth]" not in result.out
    assert "(modules: auth; theme: html)" in result.out


def test_no_terminal_never_asks(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="teams\nhtmx\n")

    assert result.code == 0, result.err
    assert "[auth]" not in result.out


# --index: QuickScale's packages from the agency's index only


def test_index_pins_every_quickscale_package_to_it(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", "--modules", "teams", "--index", "https://pypi.acme.io/simple", "--no-input")

    assert result.code == 0, result.err
    pyproject = tomllib.loads((workdir / "mysite" / "pyproject.toml").read_text())
    [index] = pyproject["tool"]["uv"]["index"]
    assert index == {"name": "quickscale", "url": "https://pypi.acme.io/simple/", "explicit": True}
    assert pyproject["tool"]["uv"]["sources"] == {
        "quickscale-core": {"index": "quickscale"},
        "quickscale-modules-auth": {"index": "quickscale"},
        "quickscale-modules-teams": {"index": "quickscale"},
    }
    readme = (workdir / "mysite" / "README.md").read_text()
    assert "UV_INDEX_QUICKSCALE_USERNAME" in readme
    assert 'uv pip install -e ".[dev]"' in result.out


def test_without_index_no_uv_pinning(run: Run, workdir: Path) -> None:
    assert run("init", "mysite", "--no-input").code == 0
    assert "uv" not in tomllib.loads((workdir / "mysite" / "pyproject.toml").read_text())["tool"]


def test_index_is_asked_for_in_a_terminal(run: Run, workdir: Path) -> None:
    result = run("init", "mysite", stdin="\n\nhttps://pypi.acme.io/simple/\n", tty=True)

    assert result.code == 0, result.err
    assert "Your package index for QuickScale's packages" in result.out
    assert "https://pypi.acme.io/simple/" in (workdir / "mysite" / "pyproject.toml").read_text()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://pypi.acme.io/simple/", "is not an https URL"),
        ("pypi.acme.io", "is not an https URL"),
        ("https://agency:s3cret@pypi.acme.io/simple/", "must not contain credentials"),
        ("https://pypi.acme.io/simple/?token=1", "has a query or fragment"),
    ],
)
def test_bad_index_is_refused_and_nothing_written(run: Run, workdir: Path, url: str, reason: str) -> None:
    result = run("init", "mysite", "--index", url, "--no-input")

    assert result.code == 2
    assert reason in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "s3cret" not in result.err
    assert listing(workdir) == []
