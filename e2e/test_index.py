"""The private-index round trip (``nox -s e2e_index``), against a real pypiserver with password auth.

1. Every wheel uploads with twine (through scripts/publish.py); a wrong password is refused; a
   version already on the index is refused before anything is uploaded.
2. A fresh venv installs ``quickscale-cli==<local version>`` with pip and ``--extra-index-url``,
   scaffolds a project with every module, installs its dependencies from the index, migrates
   (PostgreSQL) and passes the project's own tests.
3. ``quickscale startmodule``: a module is scaffolded, built, published, installed into that
   project, named in ``apply_modules``, migrated, and its own tests pass.
4. Upgrade in place: with data in the project, version 0.2.0 of the module (a new field and
   migration 0002) is published; ``pip install -U`` and ``migrate`` keep the data and add the field.

One project venv serves steps 2-4, so the whole run stays within a few minutes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from e2e.harness import ROOT, Project, local_versions, python_for, run, uv
from e2e.postgres import Postgres
from e2e.pypiserver import PackageIndex, running_index, running_public_index

PUBLISH = ROOT / "scripts" / "publish.py"
#: What the public index carries under our names: the predecessor QuickScale line (0.57-0.83).
IMPOSTORS = {"quickscale-cli": "0.83.0", "quickscale-core": "0.83.0"}
#: An impostor inside the range a project declares (>=1.0,<2): ranges alone do not keep it out.
IN_RANGE_IMPOSTOR = ("quickscale-modules-auth", "1.9.0")
PROJECT = "indexsite"
#: The module made with startmodule: a namespace nobody publishes on PyPI.
NAMESPACE, MODULE = "qse2e_modules", "crm"
MODULE_IMPORT, MODULE_LABEL, MODULE_DIST = f"{NAMESPACE}.{MODULE}", "qse2e_crm", "qse2e-modules-crm"


def publish(index: PackageIndex, dist: Path, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """scripts/publish.py, as ``nox -s publish -- --repository-url URL --dist DIR`` runs it."""
    return subprocess.run(
        [sys.executable, PUBLISH, "--repository-url", index.url, "--dist", dist],
        env={**os.environ, **index.twine_env(password)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def listed_files(index: PackageIndex, name: str) -> list[str]:
    """File names on the index's simple page of ``name`` (empty when it has none)."""
    request = urllib.request.Request(f"{index.simple_url}{name}/")
    password_manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    password_manager.add_password(None, index.url, index.username, index.password)
    opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(password_manager))
    try:
        with opener.open(request, timeout=30) as response:
            page = response.read().decode()
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 404:
            return []
        raise
    return re.findall(r">([^<>]+\.(?:whl|tar\.gz))</a>", page)


class DatabaseProject(Project):
    """A generated project whose every manage.py and tool run uses one PostgreSQL database."""

    def __init__(self, path: Path, name: str, python: Path, database_url: str) -> None:
        super().__init__(path, name, python)
        self.database_url = database_url

    def manage(self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 900) -> str:
        return super().manage(*args, env={"DATABASE_URL": self.database_url, **(env or {})}, timeout=timeout)

    def tool(self, tool: str, *args: str, env: Mapping[str, str] | None = None, timeout: float = 900) -> str:
        return super().tool(tool, *args, env={"DATABASE_URL": self.database_url, **(env or {})}, timeout=timeout)


def shell(project: DatabaseProject, code: str) -> str:
    """The last line ``code`` prints in ``manage.py shell`` (Django 5.2+ first says what it auto-imported)."""
    return project.manage("shell", "-c", code).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def index() -> Iterator[PackageIndex]:
    with running_index() as server:
        yield server


@pytest.fixture(scope="module")
def versions(wheels: Path) -> dict[str, str]:
    return local_versions(wheels)


@pytest.fixture(scope="module")
def published(index: PackageIndex, wheels: Path) -> PackageIndex:
    # Before the real upload, so a refusal cannot be a "file exists" conflict.
    core_wheel = next(wheels.glob("quickscale_core-*.whl"))
    refused = subprocess.run(
        [sys.executable, "-m", "twine", "upload", "--non-interactive", "--repository-url", index.url, core_wheel],
        env={**os.environ, **index.twine_env(password="not-the-password")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode != 0
    assert "403 Forbidden" in refused.stdout + refused.stderr
    assert listed_files(index, "quickscale-core") == []

    result = publish(index, wheels)
    assert result.returncode == 0, result.stdout + result.stderr
    return index


@pytest.fixture(scope="module")
def public_index() -> Iterator[str]:
    """The public index as it is for our names: quickscale-cli and quickscale-core 0.83 of another project."""
    with running_public_index({**IMPOSTORS, IN_RANGE_IMPOSTOR[0]: IN_RANGE_IMPOSTOR[1]}) as url:
        yield url


def installed(python: Path) -> dict[str, str]:
    listed = run([uv(), "pip", "list", "--python", python, "--format", "freeze"]).stdout
    return dict(line.split("==", 1) for line in listed.splitlines() if "==" in line)


@pytest.fixture(scope="module")
def quickscale(
    published: PackageIndex, public_index: str, versions: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """``pip install quickscale-cli``, no pin, with the agency index added beside the public one (the guide's
    command): ours, not the public index's 0.83 impostors."""
    venv = tmp_path_factory.mktemp("cli") / "venv"
    run([python_for("3.11"), "-m", "venv", venv])
    run(
        [
            venv / "bin" / "pip",
            "install",
            "--quiet",
            "quickscale-cli",
            "--index-url",
            public_index,
            "--extra-index-url",
            published.authenticated_simple_url,
        ],
        timeout=600,
    )
    found = installed(venv / "bin" / "python")
    assert found["quickscale-cli"] == versions["quickscale-cli"], found
    assert "quickscale-core" not in found, found  # the CLI needs nothing of ours at run time
    return venv / "bin" / "quickscale"


def test_uv_without_a_pin_takes_ours_too(
    published: PackageIndex, public_index: str, versions: dict[str, str], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    run([uv(), "venv", "--quiet", "--python", python_for("3.11"), venv])
    python = venv / "bin" / "python"
    args = ["quickscale-cli", "--index-url", public_index, "--extra-index-url", published.authenticated_simple_url]
    run([uv(), "pip", "install", "--quiet", "--python", python, *args], timeout=600)
    found = installed(python)
    assert found["quickscale-cli"] == versions["quickscale-cli"], found
    assert "quickscale-core" not in found, found  # the CLI needs nothing of ours at run time


def test_the_impostors_are_what_the_public_index_alone_gives(public_index: str, tmp_path: Path) -> None:
    """The stand-in is faithful: without the agency index, the unpinned command gets the other project."""
    venv = tmp_path / "venv"
    run([uv(), "venv", "--quiet", "--python", python_for("3.11"), venv])
    python = venv / "bin" / "python"
    run([uv(), "pip", "install", "--quiet", "--python", python, "quickscale-cli", "--index-url", public_index])
    assert installed(python)["quickscale-cli"] == IMPOSTORS["quickscale-cli"]


@pytest.fixture(scope="module")
def constraints_file(versions: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our packages pinned to the versions just published: PyPI has other packages with these names."""
    path = tmp_path_factory.mktemp("constraints") / "constraints.txt"
    path.write_text("".join(f"{name}=={version}\n" for name, version in sorted(versions.items())))
    return path


@pytest.fixture(scope="module")
def project(
    quickscale: Path,
    published: PackageIndex,
    public_index: str,
    postgres: Postgres,
    tmp_path_factory: pytest.TempPathFactory,
) -> DatabaseProject:
    """A project made with ``init --index``, installed as its README says (uv), migrated on PostgreSQL.

    The default index is the public stand-in, which carries a higher ``quickscale-modules-auth``
    inside the project's range: the uv pinning that ``--index`` writes must keep it out.
    """
    workdir = tmp_path_factory.mktemp("project")
    modules = "auth,teams,billing,notifications"
    init = [quickscale, "init", PROJECT, "--modules", modules, "--index", published.simple_url]
    run([*init, "--no-input"], cwd=workdir, timeout=120)
    path = workdir / PROJECT
    readme = (path / "README.md").read_text()
    documented = 'uv pip install -e ".[dev]"'
    assert documented in readme
    # --seed: the venv has pip, for the ``pip install -U`` of the upgrade.
    run([uv(), "venv", "--quiet", "--seed", "--python", python_for("3.11"), path / ".venv"])
    python = path / ".venv" / "bin" / "python"
    env = {
        "UV_DEFAULT_INDEX": public_index,
        "UV_INDEX_QUICKSCALE_USERNAME": published.username,
        "UV_INDEX_QUICKSCALE_PASSWORD": published.password,
    }
    # Without the pinning, an installer that takes the best version across indexes (pip's way, here uv
    # told to do the same) takes the impostor: the stand-in is a real threat.
    target = ["--python", str(python)]  # the README activates the venv first
    best_match = ["--no-sources", "--extra-index-url", published.authenticated_simple_url]
    best_match += ["--index-strategy", "unsafe-best-match"]
    unpinned = run([uv(), "pip", "install", *target, "--dry-run", *best_match, "-e", ".[dev]"], cwd=path, env=env)
    assert f"{IN_RANGE_IMPOSTOR[0]}=={IN_RANGE_IMPOSTOR[1]}" in unpinned.stdout + unpinned.stderr
    run([uv(), "pip", "install", *target, "--quiet", "-e", ".[dev]"], cwd=path, env=env, timeout=900)
    found = installed(python)
    assert found[IN_RANGE_IMPOSTOR[0]] != IN_RANGE_IMPOSTOR[1], found
    database = f"{PROJECT}_{os.getpid()}"
    built = DatabaseProject(path, PROJECT, python, postgres.create_database(database))
    built.manage("migrate", "--noinput")
    # The migrated database is the test database's template: the (slow) migrations ran once, for real.
    postgres.create_database(f"test_{database}", template=database)
    return built


@pytest.fixture(scope="module")
def module_package(
    quickscale: Path,
    published: PackageIndex,
    project: DatabaseProject,
    constraints_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A module made by ``quickscale startmodule``, built, published as 0.1.0 and installed into the project."""
    workdir = tmp_path_factory.mktemp("module")
    run([quickscale, "startmodule", MODULE, "--namespace", NAMESPACE], cwd=workdir, timeout=60)
    package = workdir / MODULE_DIST
    build_and_publish(package, published)
    run(
        [
            uv(),
            "pip",
            "install",
            "--quiet",
            "--python",
            project.python,
            "--extra-index-url",
            published.authenticated_simple_url,
            "--constraint",
            constraints_file,
            f"{MODULE_DIST}==0.1.0",
        ],
        timeout=300,
    )
    add_module_to_project(project)
    project.manage("migrate", "--noinput")
    return package


def build_and_publish(package: Path, index: PackageIndex) -> None:
    dist = package / "dist"
    run([uv(), "build", "--quiet", "--out-dir", dist, package], timeout=300)
    result = publish(index, dist)
    assert result.returncode == 0, result.stdout + result.stderr


def add_module_to_project(project: DatabaseProject) -> None:
    """What the module's README tells a project to do: name it in apply_modules, include its URLs."""
    settings = project.path / PROJECT / "settings" / "base.py"
    text = settings.read_text()
    assert '    "quickscale_modules.billing",\n' in text
    settings.write_text(
        text.replace(
            '    "quickscale_modules.billing",\n', f'    "quickscale_modules.billing",\n    "{MODULE_IMPORT}",\n', 1
        )
    )
    urls = project.path / PROJECT / "urls.py"
    text = urls.read_text()
    assert '    path("admin/", admin.site.urls),\n' in text
    urls.write_text(
        text.replace(
            '    path("admin/", admin.site.urls),\n',
            f'    path("admin/", admin.site.urls),\n    path("{MODULE}/", include("{MODULE_IMPORT}.urls")),\n',
            1,
        )
    )


def test_every_wheel_uploads_and_a_version_is_never_uploaded_twice(
    published: PackageIndex, wheels: Path, versions: dict[str, str]
) -> None:
    for name, version in versions.items():
        assert any(f"-{version}-" in file for file in listed_files(published, name)), name
    assert len(list(wheels.glob("*.whl"))) == len(versions) == 6  # core, cli and the four modules

    again = publish(published, wheels)

    assert again.returncode == 1
    assert f"quickscale-core {versions['quickscale-core']} is already on {published.simple_url}" in again.stderr
    assert "nothing was uploaded" in again.stderr


def test_the_index_needs_the_password(published: PackageIndex) -> None:
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{published.simple_url}quickscale-core/", timeout=30)
    anonymous.value.close()
    assert anonymous.value.code == 401


def test_a_project_with_every_module_installs_from_the_index_and_passes_its_tests(
    project: DatabaseProject, quickscale: Path, versions: dict[str, str]
) -> None:
    assert run([quickscale, "--version"]).stdout.split()[-1] == versions["quickscale-cli"]
    installed = project.tool("pip", "list", "--format", "freeze")
    for name, version in versions.items():
        if name != "quickscale-cli":
            assert f"{name}=={version}" in installed, name
    assert "System check identified no issues" in project.manage("check")

    output = project.tool("pytest", "-q", "-p", "no:cacheprovider", "--reuse-db")

    assert " passed" in output
    assert " failed" not in output


def test_startmodule_builds_publishes_installs_migrates_and_its_tests_pass(
    module_package: Path, project: DatabaseProject, published: PackageIndex
) -> None:
    assert any("-0.1.0-" in file for file in listed_files(published, MODULE_DIST))
    assert not (module_package / "src" / NAMESPACE / "__init__.py").exists()
    assert "[X] 0001_initial" in project.manage("showmigrations", MODULE_LABEL)
    assert "System check identified no issues" in project.manage("check")

    # The module's own tests, against the installed wheel (the project venv has quickscale-core[testing]).
    output = run([project.bin / "pytest", "-q", "-p", "no:cacheprovider"], cwd=module_package).stdout

    assert " passed" in output
    assert int(output.split(" passed")[0].split()[-1]) >= 10, output
    # Its page renders inside the project's theme.
    page = shell(
        project,
        "from django.test import Client; from django.test.utils import setup_test_environment; "
        "from quickscale_core.testing.factories import UserFactory; setup_test_environment(); "
        "client = Client(); client.force_login(UserFactory()); "
        f"response = client.get('/{MODULE}/'); print(response.status_code, b'<h1>Crm</h1>' in response.content)",
    )
    assert page == "200 True"


def test_upgrade_in_place_keeps_the_data_and_adds_the_new_field(
    module_package: Path, project: DatabaseProject, published: PackageIndex
) -> None:
    item_id = shell(
        project,
        f"from {MODULE_IMPORT}.services import create_item; print(create_item(name='Kept across upgrades').pk)",
    )

    # Version 0.2.0: a new field, its migration written by makemigrations, the version bumped.
    models = module_package / "src" / NAMESPACE / MODULE / "models.py"
    models.write_text(
        models.read_text().replace(
            "    name = models.CharField(max_length=200)\n",
            '    name = models.CharField(max_length=200)\n    notes = models.TextField(blank=True, default="")\n',
        )
    )
    run(
        [project.python, "-m", "django", "makemigrations", MODULE_LABEL, "--name", "item_notes"],
        cwd=module_package,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": f"{module_package / 'src'}:{module_package}"},
    )
    assert (models.parent / "migrations" / "0002_item_notes.py").is_file()
    init = models.parent / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"', '__version__ = "0.2.0"'))
    for old in (module_package / "dist").iterdir():
        old.unlink()
    build_and_publish(module_package, published)

    # The project: pip install -U, then migrate. Only the index is needed here (every other
    # requirement is installed already); --index-url would hide PyPI, which is what we want for this step.
    project.tool(
        "pip",
        "install",
        "--quiet",
        "--no-cache-dir",
        "-U",
        MODULE_DIST,
        "--index-url",
        published.authenticated_simple_url,
    )
    assert f"{MODULE_DIST}==0.2.0" in project.tool("pip", "list", "--format", "freeze")
    project.manage("migrate", "--noinput")

    assert "[X] 0002_item_notes" in project.manage("showmigrations", MODULE_LABEL)
    kept = shell(
        project,
        f"from {MODULE_IMPORT}.models import Item; item = Item.objects.get(pk={item_id}); "
        "print(repr((item.name, item.notes)))",
    )
    assert kept == "('Kept across upgrades', '')"
    assert shell(project, f"from {MODULE_IMPORT}.models import Item; print(Item.objects.count())") == "1"
