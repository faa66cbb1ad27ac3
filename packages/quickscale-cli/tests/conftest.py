from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from quickscale_cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


class FakeTerminal(io.StringIO):
    """stdin as a terminal: ``quickscale init`` asks its questions."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, the current directory during the test."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``quickscale`` in-process: ``run("init", "mysite", stdin="...", tty=True)``."""

    def runner(*argv: str, stdin: str = "", tty: bool = False) -> Result:
        monkeypatch.setattr("sys.stdin", FakeTerminal(stdin) if tty else io.StringIO(stdin))
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``: relative path -> content."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".ruff_cache" not in path.parts
    }


def listing(root: Path) -> Sequence[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))
