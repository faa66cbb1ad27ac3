"""Building blocks of the end-to-end run: local wheels, a CLI venv, generated projects in venvs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "quickscale-core",
    "quickscale-cli",
    "quickscale-modules-auth",
    "quickscale-modules-teams",
    "quickscale-modules-billing",
    "quickscale-modules-notifications",
]
SECRET = "e2e-" + "x7Kq9LmP2vRt8WzN4bYc6HdJ3fGs5Ae1Ui0Oo9Pl2Kj4Mn6Bv8Cx"


def uv() -> str:
    found = shutil.which("uv")
    if not found:
        raise RuntimeError("uv is not on PATH: install it (pip install uv).")
    return found


def python_for(version: str) -> str:
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for candidate in sorted(Path(pyenv_root, "versions").glob(f"{version}.*/bin/python{version}"), reverse=True):
        return str(candidate)
    found = shutil.which(f"python{version}")
    if not found:
        raise RuntimeError(f"Python {version} not found (pyenv or PATH).")
    return found


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
    input_text: str | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise with its full output so the test report shows why.

    ``check=False`` returns a failed run's result instead, for tests of failures.
    """
    full_env = {**os.environ, **(env or {})}
    full_env.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
        check=False,
    )
    print(f"[{time.perf_counter() - started:6.1f}s] {' '.join(map(str, args))[:160]}")
    if check and result.returncode != 0:
        raise AssertionError(
            f"$ {' '.join(map(str, args))}  (in {cwd}) exited {result.returncode}\n"
            f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
        )
    return result


def build_wheels(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        run([uv(), "build", "--wheel", "--out-dir", out, ROOT / "packages" / package], timeout=300)
    return out


def local_versions(wheels: Path) -> dict[str, str]:
    versions = {}
    for wheel in wheels.glob("*.whl"):
        name, version = wheel.name.split("-")[:2]
        versions[name.replace("_", "-")] = version
    return versions


def write_constraints(wheels: Path, path: Path) -> Path:
    """Pin our packages to the local wheels: PyPI has other packages named quickscale-*."""
    path.write_text("".join(f"{name}=={version}\n" for name, version in sorted(local_versions(wheels).items())))
    return path


def make_venv(path: Path, python: str = "3.11", *, seed: bool = False) -> Path:
    """A virtualenv of that Python; ``seed`` puts pip in it (for commands that call pip themselves)."""
    run([uv(), "venv", "--quiet", *(["--seed"] if seed else []), "--python", python_for(python), path])
    return path / "bin" / "python"


def install(python: Path, *requirements: str | Path, wheels: Path, constraints: Path, cwd: Path | None = None) -> None:
    # Our wheels keep their version between builds: --refresh-package makes uv read them again instead of
    # installing what its cache kept from an earlier build (third-party packages still come from the cache).
    refresh = [arg for name in sorted(local_versions(wheels)) for arg in ("--refresh-package", name)]
    run(
        [
            uv(),
            "pip",
            "install",
            "--quiet",
            "--python",
            python,
            "--find-links",
            wheels,
            "--constraint",
            constraints,
            *refresh,
            *requirements,
        ],
        cwd=cwd,
        timeout=900,
    )


class Project:
    """A generated project with its own virtualenv."""

    def __init__(self, path: Path, name: str, python: Path) -> None:
        self.path, self.name, self.python = path, name, python
        self.bin = python.parent

    def env(self, **extra: str) -> dict[str, str]:
        return {"PYTHONUNBUFFERED": "1", **extra}

    def manage(self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 900) -> str:
        return run([self.python, "manage.py", *args], cwd=self.path, env=env, timeout=timeout).stdout

    def tool(self, tool: str, *args: str, env: Mapping[str, str] | None = None, timeout: float = 900) -> str:
        return run([self.bin / tool, *args], cwd=self.path, env=env, timeout=timeout).stdout

    def env_example(self) -> dict[str, str]:
        """The variables of .env.example (the documented production environment)."""
        values = {}
        for line in (self.path / ".env.example").read_text().splitlines():
            match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
            if match:
                values[match.group(1)] = match.group(2).strip().strip("'\"")
        return values


def scaffold(quickscale: Path, workdir: Path, name: str, modules: str, theme: str) -> Path:
    run([quickscale, "init", name, "--modules", modules, "--theme", theme, "--no-input"], cwd=workdir, timeout=120)
    return workdir / name


def installed_project(
    quickscale: Path, workdir: Path, name: str, modules: str, theme: str, *, wheels: Path, constraints: Path
) -> Project:
    """``quickscale init`` into ``workdir``, then the project installed (editable) in its own virtualenv."""
    path = scaffold(quickscale, workdir, name, modules, theme)
    python = make_venv(path / ".venv")
    install(python, "-e", ".", wheels=wheels, constraints=constraints, cwd=path)
    return Project(path, name, python)
