"""Every check of the QuickScale monorepo: ``nox -l`` lists the sessions.

The README's test command runs them all: ``nox -s lint typecheck tests build e2e``.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES = ROOT / "packages"
DIST = ROOT / "dist"

#: (folder, import path) of every package, in dependency order.
PACKAGE_IMPORTS = {
    "quickscale-core": "quickscale_core",
    "quickscale-cli": "quickscale_cli",
    "quickscale-modules-auth": "quickscale_modules.auth",
    "quickscale-modules-teams": "quickscale_modules.teams",
    "quickscale-modules-billing": "quickscale_modules.billing",
    "quickscale-modules-notifications": "quickscale_modules.notifications",
}

#: What the project template depends on beyond our packages and the tests' own tools
#: (scripts/reserved_names.py names a missing one).
TEMPLATE_ONLY_REQUIREMENTS = ["gunicorn", "redis", "mypy", "django-stubs", "djangorestframework-stubs"]

#: quickscale-core's extras the tests and types cover: the API, the test helpers, the RQ task backend,
#: Sentry and provider mail (django-anymail).
CORE_EXTRAS = ("api", "testing", "rq", "sentry", "anymail")

#: The supported matrix: Django 5.2 LTS on Python 3.11, Django 6.1 on Python 3.12.
DJANGO_MATRIX = [("3.11", "5.2"), ("3.12", "6.1")]

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = True
nox.options.reuse_existing_virtualenvs = False
nox.options.sessions = ["lint", "typecheck", "tests", "build", "e2e", "fuzz", "e2e-index"]

#: The API fuzzer of ``nox -s fuzz`` (e2e/test_fuzz.py), pinned: a new release brings new checks.
SCHEMATHESIS = "schemathesis==4.32.5"


def _find_python(version: str) -> str | None:
    """A real ``pythonX.Y``: pyenv's versions folder first (pyenv shims may not resolve), then PATH."""
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"))
    if found:
        return found[-1]
    on_path = shutil.which(f"python{version}")
    return on_path if on_path and "/shims/" not in on_path else None


def _expose_interpreters() -> None:
    """Put the interpreters first on PATH so nox and uv find ``python3.11``/``python3.12`` by name."""
    for version in sorted({python for python, _ in DJANGO_MATRIX}):
        interpreter = _find_python(version)
        if interpreter:
            os.environ["PATH"] = f"{Path(interpreter).parent}{os.pathsep}{os.environ['PATH']}"
    # Never let uv download an interpreter: only package registries are reachable.
    os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


_expose_interpreters()


def require_python(session: nox.Session, version: str) -> None:
    if _find_python(version) is None:
        session.error(
            f"Python {version} was not found on PATH or in ~/.pyenv/versions: install it "
            f"(pyenv install {version}) or run the other sessions with -s."
        )


def editable_packages(*extras_for_core: str) -> list[str]:
    core = f"packages/quickscale-core[{','.join(extras_for_core)}]" if extras_for_core else "packages/quickscale-core"
    args = ["-e", core]
    for folder in PACKAGE_IMPORTS:
        if folder != "quickscale-core":
            args += ["-e", f"packages/{folder}"]
    return args


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole repository."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "scripts/check_links.py")  # README.md and docs/ point only to files that exist


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict with django-stubs over every package's src/."""
    session.install(*editable_packages(*CORE_EXTRAS), "mypy", "django-stubs", "djangorestframework-stubs")
    session.run("mypy", *(f"packages/{folder}/src" for folder in PACKAGE_IMPORTS))


@nox.session
@nox.parametrize(("python", "django"), DJANGO_MATRIX, ids=[f"django{d}" for _, d in DJANGO_MATRIX])
def tests(session: nox.Session, django: str) -> None:
    """Each package's tests with branch coverage (>= 90% per package)."""
    require_python(session, str(session.python))
    major, minor = django.split(".")
    session.install(
        *editable_packages(*CORE_EXTRAS),
        f"django>={django},<{major}.{int(minor) + 1}",
        "coverage>=7.10",
        "psycopg[binary]",
        "ruff",  # the CLI's tests lint every generated project
        # The rest of the project template's dependencies: the CLI's reserved-names table is
        # computed from the installed metadata of everything a generated project depends on.
        *TEMPLATE_ONLY_REQUIREMENTS,
    )
    selected = session.posargs or list(PACKAGE_IMPORTS)
    for folder in selected:
        package_dir = PACKAGES / folder
        with session.chdir(package_dir):
            session.log(f"--- {folder} on Django {django}")
            for stale in package_dir.glob(".coverage*"):
                stale.unlink()
            session.run("coverage", "run", "-m", "pytest", "-q")
            # Extra settings variants (tests/settings_<variant>.py: e.g. teams with the auth module).
            for variant in sorted(package_dir.glob("tests/settings_*.py")):
                session.run("coverage", "run", "-m", "pytest", "-q", f"--ds=tests.{variant.stem}")
            session.run("coverage", "combine", "-q", success_codes=[0, 1])
            session.run("coverage", "report")


@nox.session(python="3.11")
def build(session: nox.Session) -> None:
    """Wheels and sdists of every package into dist/, then check what they contain."""
    session.install("build", "twine", "uv")  # uv: the installer of build's isolated environments
    session.run("python", "scripts/check_versions.py")
    if DIST.exists():
        shutil.rmtree(DIST)
    for folder in PACKAGE_IMPORTS:
        session.run("python", "-m", "build", "--installer", "uv", "--outdir", str(DIST), f"packages/{folder}")
    session.run("twine", "check", "--strict", *sorted(str(path) for path in DIST.iterdir()))
    session.run("python", "scripts/check_dist.py", str(DIST))
    # All wheels install together and import, PEP 420 namespace included.
    session.install(*sorted(str(path) for path in DIST.glob("*.whl")))
    imports = ", ".join(PACKAGE_IMPORTS.values())
    session.run("python", "-c", f"import {imports}; print('imported: {imports}')")


@nox.session(python="3.11")
def e2e(session: nox.Session) -> None:
    """Scaffold every module/theme combination from the built wheels, on PostgreSQL, and walk it in Chromium."""
    session.install("pytest", "playwright", "uv", "pyyaml")
    session.env["QS_ARTIFACTS"] = str(ROOT / "artifacts" / "e2e")
    session.run(
        "pytest", "-c", "e2e/pytest.ini", "e2e", "--ignore=e2e/test_index.py", "--ignore=e2e/test_fuzz.py",
        *session.posargs,
    )  # fmt: skip


#: The react theme's overlay (its front end: package.json, package-lock.json) inside quickscale-cli.
REACT_FRONTEND = PACKAGES / "quickscale-cli" / "src" / "quickscale_cli" / "themes" / "react" / "frontend"


@nox.session(name="react-schemas", python="3.11")
def react_schemas(session: nox.Session) -> None:
    """Rewrite the react theme's openapi.json + schema.d.ts of each of its 8 module combinations.

    The tests session fails when a committed openapi.json drifts from the API (scripts/react_schemas.py
    --check); run this session then, and commit quickscale_cli/react_schemas/.
    """
    session.install(*editable_packages(*CORE_EXTRAS))
    with tempfile.TemporaryDirectory(prefix="react-frontend-") as temporary:
        frontend = Path(temporary)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(REACT_FRONTEND / name, frontend / name)
        node_modules = session.run("python", "-m", "e2e.node", str(frontend), silent=True)
        session.run(
            "python",
            "scripts/react_schemas.py",
            "--write",
            "--node-modules",
            str(node_modules).strip().splitlines()[-1],
        )


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """schemathesis over every operation of /api/schema/ on a generated project (e2e/test_fuzz.py).

    The project is built from the wheels in dist/ (``nox -s build``; built afresh when dist/ has none),
    on PostgreSQL with the Stripe stand-in; the reports go to artifacts/fuzz/.
    """
    session.install("pytest", "uv", SCHEMATHESIS)
    session.env["QS_ARTIFACTS"] = str(ROOT / "artifacts" / "fuzz")
    if any(DIST.glob("*.whl")):
        session.env["QS_WHEELS"] = str(DIST)
    junit = ROOT / "artifacts" / "fuzz" / "pytest-junit.xml"
    session.run("pytest", "-c", "e2e/pytest.ini", "e2e/test_fuzz.py", f"--junitxml={junit}", *session.posargs)


@nox.session(python="3.11")
def publish(session: nox.Session) -> None:
    """Upload dist/ with twine: nox -s publish -- --repository-url URL [--index-url SIMPLE_URL] [--dist DIR].

    Credentials: TWINE_USERNAME/TWINE_PASSWORD or a keyring entry. Refuses, before uploading
    anything, a version that the index already has (docs/publishing.md).
    """
    if not any(arg.startswith("--repository-url") for arg in session.posargs):
        session.error(
            "say where to upload: nox -s publish -- --repository-url URL "
            "(credentials from TWINE_USERNAME/TWINE_PASSWORD or a keyring)"
        )
    session.install("twine", "keyring", "packaging")
    session.run("python", "scripts/publish.py", *session.posargs)


@nox.session(name="e2e-index", python="3.11")
def e2e_index(session: nox.Session) -> None:
    """The private-index round trip on a real pypiserver: publish, install, scaffold, startmodule, upgrade."""
    session.install("pytest", "uv", "twine", "pypiserver", "passlib", "packaging")
    session.run("pytest", "-c", "e2e/pytest.ini", "e2e/test_index.py", *session.posargs)


@nox.session(name="bench-notifications", python="3.11")
def bench_notifications(session: nox.Session) -> None:
    """bench/notifications.py alone (nox -s bench runs it too): notifying a team of 500, the inbox's queries."""
    session.install(*editable_packages("api", "testing"), "django-allauth>=65.9")
    session.run("python", "bench/notifications.py")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Every benchmark, side by side with bare Django (docs/performance.md): nox -s bench [-- --write-docs]."""
    session.install("uv")
    session.run("python", "bench/run.py", *session.posargs)
