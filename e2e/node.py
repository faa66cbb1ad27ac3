"""One ``npm ci`` per package-lock: the react app's ``node_modules`` shared between runs and projects.

``node_modules_for(frontend)`` installs the lock file's packages once into
``.cache/react-node-modules/<hash of package-lock.json and the Node major>/node_modules`` (npm's own
cache in ``.cache/npm``) and links ``frontend/node_modules`` to it, so every scaffolded project of
every run with the same lock file starts without an install. ``python -m e2e.node FRONTEND`` does the
same from the command line (nox -s react-schemas) and prints the path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("QS_NODE_CACHE", ROOT / ".cache"))


def npm() -> str:
    found = shutil.which("npm")
    if not found:
        raise RuntimeError("npm is not on PATH: apt-get install nodejs npm (.ci/run does)")
    return found


def node_major() -> str:
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    return version.strip().lstrip("v").split(".")[0]


def lock_key(frontend: Path) -> str:
    lock = frontend / "package-lock.json"
    if not lock.exists():
        raise RuntimeError(f"{lock} does not exist: the react app must commit its package-lock.json")
    digest = hashlib.sha256(lock.read_bytes() + node_major().encode()).hexdigest()
    return digest[:16]


def npm_ci(folder: Path, npm_cache: Path) -> float:
    """``npm ci`` in ``folder`` with that npm cache; returns the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [npm(), "ci", "--no-audit", "--no-fund", "--prefer-offline", "--cache", str(npm_cache)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"npm ci in {folder} exited {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return time.perf_counter() - started


def cached_node_modules(frontend: Path) -> Path:
    """The lock file's ``node_modules`` in the shared cache, installed now if missing."""
    shared = CACHE / "react-node-modules" / lock_key(frontend)
    modules = shared / "node_modules"
    if (modules / ".package-lock.json").exists():
        return modules
    shared.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=shared.parent))
    try:
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(frontend / name, staging / name)
        seconds = npm_ci(staging, CACHE / "npm")
        print(f"[{seconds:6.1f}s] npm ci (shared node_modules {shared.name})")
        try:
            staging.rename(shared)
        except OSError:  # another run installed the same lock file meanwhile
            if not (modules / ".package-lock.json").exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return modules


def node_modules_for(frontend: Path) -> Path:
    """Link ``frontend/node_modules`` to the shared install of its lock file; returns the link."""
    source = cached_node_modules(frontend)
    link = frontend / "node_modules"
    if link.is_symlink() or link.exists():
        if link.is_symlink() and link.resolve() == source.resolve():
            return link
        if link.is_symlink() or link.is_file():
            link.unlink()
        else:
            shutil.rmtree(link)
    link.symlink_to(source, target_is_directory=True)
    return link


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m e2e.node FRONTEND_DIR")
    print(node_modules_for(Path(sys.argv[1]).resolve()))
