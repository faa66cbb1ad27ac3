"""Rendering the project template: every combination, both doors, the release zip."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quickscale_cli.template import (
    EXTENSIONS,
    MODULES,
    NAMED_FILES,
    TEMPLATE_DIR,
    THEMES_DIR,
    Choices,
    build_zip,
    django_admin_command,
    render,
)
from tests.conftest import tree

COMBINATIONS = [
    (),
    ("auth",),
    ("auth", "teams"),
    ("auth", "billing"),
    ("auth", "notifications"),
    ("auth", "teams", "billing", "notifications"),
]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed"
    return found


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[tuple[str, ...], str], Path]:
    """Every module combination x theme, rendered once for this module's tests."""
    root = tmp_path_factory.mktemp("combinations")
    rendered = {}
    for modules in COMBINATIONS:
        for theme in ("html", "htmx"):
            target = root / f"{'_'.join(modules) or 'none'}_{theme}"
            render("mysite", target, Choices(modules=modules, theme=theme))
            rendered[modules, theme] = target
    return rendered


def test_every_combination_passes_ruff(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    root = next(iter(projects.values())).parent
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        completed = subprocess.run([tool("ruff"), *command, str(root)], capture_output=True, text=True)
        assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("modules", COMBINATIONS, ids=lambda m: "+".join(m) or "none")
def test_chosen_modules_are_wired_everywhere(
    projects: dict[tuple[tuple[str, ...], str], Path], modules: tuple[str, ...]
) -> None:
    project = projects[modules, "html"]
    base = (project / "mysite" / "settings" / "base.py").read_text()
    urls = (project / "mysite" / "urls.py").read_text()
    pyproject = (project / "pyproject.toml").read_text()
    for module in MODULES:
        chosen = module in modules
        assert (f'    "quickscale_modules.{module}",\n' in base) is chosen
        assert (f'include("quickscale_modules.{module}.urls")' in urls) is chosen
        assert (f'include("quickscale_modules.{module}.api.urls")' in urls) is chosen
        assert (f'"quickscale-modules-{module}>=1.0,<2"' in pyproject) is chosen
    assert ('include("quickscale_core.api.urls")' in urls) is bool(modules)
    assert '"quickscale-core[rq,sentry]>=1.0,<2"' in pyproject
    assert 'LOGIN_REDIRECT_URL = "dashboard"' in base
    assert ('LOGIN_URL = "admin:login"' in base) is not modules
    assert (project / "tests" / "test_modules.py").exists() is bool(modules)


def test_project_files(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    project = projects[MODULES, "html"]
    for name in (
        "manage.py",
        "gunicorn.conf.py",
        "pyproject.toml",
        "README.md",
        ".env.example",
        "Dockerfile",
        "docker-compose.yml",
        ".dockerignore",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "mysite/settings/base.py",
        "mysite/settings/local.py",
        "mysite/settings/production.py",
        "mysite/settings/test.py",
        "mysite/urls.py",
        "mysite/wsgi.py",
        "mysite/asgi.py",
        "mysite/views.py",
        "templates/base.html",
        "templates/404.html",
        "templates/500.html",
        "static/css/site.css",
        "tests/conftest.py",
        "tests/factories.py",
    ):
        assert (project / name).is_file(), name
    assert not list(project.rglob("*-tpl"))
    assert not list(project.rglob("__pycache__"))
    assert '"mysite.settings.local"' in (project / "manage.py").read_text()
    assert "STRIPE_SECRET_KEY" in (project / ".env.example").read_text()
    assert "USER app" in (project / "Dockerfile").read_text()
    gunicorn_conf = (project / "gunicorn.conf.py").read_text()
    assert 'wsgi_app = "mysite.wsgi"' in gunicorn_conf
    assert "preload_app = True" in gunicorn_conf
    assert "gc.freeze()" in gunicorn_conf
    assert "from quickscale_core.prefork import warm_up" in gunicorn_conf  # the URLconf imported before fork
    for service in ("web:", "worker:", "postgres:", "redis:", "mailpit:"):
        assert service in (project / "docker-compose.yml").read_text()
    assert 'ENTRYPOINT ["sh", "/app/run.sh"]' in (project / "Dockerfile").read_text()
    assert (project / "run.sh").is_file()


ENV_READ = re.compile(r"""(?:env\.\w+\(|os\.environ(?:\.get)?[\[(]|getenv\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_env_example_lists_every_variable_the_packages_read(
    projects: dict[tuple[tuple[str, ...], str], Path],
) -> None:
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (projects[MODULES, "html"] / ".env.example").read_text(), re.M))
    read = set()
    for package in ("quickscale_core", *(f"quickscale_modules.{module}" for module in MODULES)):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue  # not installed here
        root = Path(next(iter(spec.submodule_search_locations)))
        for source in root.rglob("*.py"):
            if source.relative_to(root).parts[0] == "testing":
                continue  # core's test helpers: knobs of a test run (QS_PG_BIN), not the project's settings
            read.update(ENV_READ.findall(source.read_text()))
    read.discard("DJANGO_SETTINGS_MODULE")  # listed, but set by manage.py/wsgi rather than read as a value

    assert read, "no QuickScale package found to scan"
    assert read - listed == set()


def test_html_templates_are_copied_unrendered(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    project = projects[("auth",), "html"]

    for path in (TEMPLATE_DIR / "templates").rglob("*.html"):
        assert (project / path.relative_to(TEMPLATE_DIR)).read_bytes() == path.read_bytes()
    assert "{{ nav_urls.home }}" in (project / "templates" / "base.html").read_text()
    assert not any(str(path).endswith(EXTENSIONS) for path in (TEMPLATE_DIR / "templates").rglob("*"))


def test_github_expressions_survive_rendering(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    workflow = (projects[(), "html"] / ".github" / "workflows" / "ci.yml").read_text()

    assert "${{ matrix.python-version }}" in workflow
    assert "${{ secrets.PIP_EXTRA_INDEX_URL }}" in workflow
    assert "DJANGO_SETTINGS_MODULE: mysite.settings.production" in workflow
    assert "{%" not in workflow


@pytest.mark.parametrize("modules", COMBINATIONS, ids=lambda m: "+".join(m) or "none")
def test_themes(projects: dict[tuple[tuple[str, ...], str], Path], modules: tuple[str, ...]) -> None:
    html, htmx = projects[modules, "html"], projects[modules, "htmx"]

    assert not (html / "static" / "js" / "htmx.min.js").exists()
    script = (htmx / "static" / "js" / "htmx.min.js").read_text()
    assert script.startswith("/*! htmx 2.")
    assert "Zero-Clause BSD" in script.splitlines()[0]
    assert (htmx / "static" / "js" / "htmx.LICENSE").is_file()
    # One base: the htmx theme is the html theme plus its scripts partial.
    assert (htmx / "templates" / "base.html").read_bytes() == (html / "templates" / "base.html").read_bytes()
    assert not (THEMES_DIR / "htmx" / "templates" / "base.html").exists()
    scripts = (htmx / "templates" / "partials" / "scripts.html").read_text()
    assert "{% static 'js/htmx.min.js' %}" in scripts
    assert 'data-csrf-token="{{ csrf_token }}"' in scripts
    assert "X-CSRFToken" in (htmx / "static" / "js" / "htmx-setup.js").read_text()
    assert "htmx" not in (html / "templates" / "partials" / "scripts.html").read_text().split("{% endcomment %}")[1]
    assert "hx-get" in (htmx / "templates" / "partials" / "status.html").read_text()
    for theme in (html, htmx):
        base = (theme / "templates" / "base.html").read_text()
        for block in ("title", "head", "content", "scripts"):
            assert f"{{% block {block} %}}" in base
        assert '{% include "quickscale/includes/messages.html" %}' in base
        assert '{% include "partials/scripts.html" %}' in base
        assert "{% static 'quickscale/css/quickscale.css' %}" in base
        assert "http://" not in base
        assert "//cdn" not in base


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)
BLOCKED_ATTRIBUTE = re.compile(r"<[^>]*\s(on[a-z]+|style)\s*=", re.I)


def test_themes_work_under_the_content_security_policy(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    """Inline scripts carry the request's nonce, no inline handlers or style attributes, and htmx
    injects no <style> for its indicators (quickscale.css styles them)."""
    themes = TEMPLATE_DIR.parent / "themes"
    pages = [*(TEMPLATE_DIR / "templates").rglob("*.html"), *themes.rglob("*.html")]
    htmx = projects[(), "htmx"]

    assert pages
    for page in pages:
        html = page.read_text()
        for match in INLINE_SCRIPT.finditer(html):
            assert 'nonce="{{ csp_nonce }}"' in match.group(1), f"{page}: {match.group(0)}"
        assert not BLOCKED_ATTRIBUTE.search(html), f"{page}: {BLOCKED_ATTRIBUTE.search(html)}"
    assert "htmx.config.includeIndicatorStyles = false;" in (htmx / "static" / "js" / "htmx-setup.js").read_text()
    core = importlib.util.find_spec("quickscale_core")
    assert core is not None
    assert core.origin is not None
    core_css = Path(core.origin).parent / "static" / "quickscale" / "css" / "quickscale.css"
    assert ".htmx-request .htmx-indicator" in core_css.read_text()


def test_healthz_is_quickscale_cores(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    """The check lives in quickscale-core, so pip install -U brings its fixes; the URL stays the project's."""
    for project in (projects[(), "html"], projects[MODULES, "htmx"]):
        urls = (project / "mysite" / "urls.py").read_text()
        assert "from quickscale_core.health import healthz, readyz\n" in urls
        assert 'path("healthz", healthz, name="healthz")' in urls
        assert 'path("readyz", readyz, name="readyz")' in urls
        assert "def healthz" not in (project / "mysite" / "views.py").read_text()


def test_generated_healthz_tests_pass(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    """The generated project's own tests of /healthz: migrated, no database, migrations pending."""
    project = projects[(), "html"]

    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_healthz.py"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "3 passed" in completed.stdout


def django_admin(template: Path | str, name: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [
        tool("django-admin"),
        "startproject",
        "--template",
        str(template),
        "--extension",
        ",".join(EXTENSIONS),
        "--name",
        ",".join(NAMED_FILES),
        "--exclude",
        "__pycache__",
        name,
    ]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_documented_django_admin_line() -> None:
    assert django_admin_command() == (
        'django-admin startproject --template "$(quickscale template)" --extension py,toml,md,yml,cfg,txt,env '
        "--name Dockerfile,.env.example,.gitignore,.dockerignore --exclude __pycache__ NAME"
    )


def test_django_admin_renders_the_same_as_init_with_defaults(tmp_path: Path) -> None:
    (tmp_path / "init").mkdir()
    (tmp_path / "door").mkdir()
    render("mysite", tmp_path / "init" / "mysite", Choices())
    completed = django_admin(TEMPLATE_DIR, "mysite", tmp_path / "door")

    assert completed.returncode == 0, completed.stderr
    assert tree(tmp_path / "door" / "mysite") == tree(tmp_path / "init" / "mysite")


def test_the_documented_shell_line_works(tmp_path: Path) -> None:
    line = django_admin_command(name="mysite").replace("$(quickscale template)", f"$({tool('quickscale')} template)")
    line = line.replace("django-admin", tool("django-admin"), 1)

    completed = subprocess.run(["/bin/sh", "-c", line], cwd=tmp_path, capture_output=True, text=True)

    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "mysite" / "mysite" / "settings" / "base.py").is_file()


def test_django_admin_renders_the_zip_the_same(tmp_path: Path) -> None:
    archive = build_zip(tmp_path / "quickscale-project-template.zip")
    (tmp_path / "folder").mkdir()
    (tmp_path / "zip").mkdir()

    from_folder = django_admin(TEMPLATE_DIR, "mysite", tmp_path / "folder")
    from_zip = django_admin(archive, "mysite", tmp_path / "zip")

    assert from_folder.returncode == 0, from_folder.stderr
    assert from_zip.returncode == 0, from_zip.stderr
    assert tree(tmp_path / "zip" / "mysite") == tree(tmp_path / "folder" / "mysite")
    assert (tmp_path / "zip" / "mysite" / "manage.py").stat().st_mode & 0o111


def test_zip_is_reproducible_and_complete(tmp_path: Path) -> None:
    first = build_zip(tmp_path / "first.zip")
    second = build_zip(str(tmp_path / "second.zip"))

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
    assert "quickscale-project-template/manage.py-tpl" in names
    assert "quickscale-project-template/.github/workflows/ci.yml" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_zip_leaves_out_caches(tmp_path: Path) -> None:
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, template)
    (template / "__pycache__").mkdir()
    (template / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (template / "stray.pyc").write_bytes(b"\0")

    with zipfile.ZipFile(build_zip(tmp_path / "t.zip", root=template)) as archive:
        names = archive.namelist()

    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_run_sh_picks_the_role(projects: dict[tuple[tuple[str, ...], str], Path]) -> None:
    """The Docker image's entry point: web, worker (by TASKS_BACKEND), migrate, or any command."""
    project = projects[(), "html"]

    def run_sh(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", "run.sh", *args],
            cwd=project,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mysite.settings.production", **env},
            capture_output=True,
            text=True,
            check=False,
        )

    assert run_sh("echo", "any command").stdout == "any command\n"
    refused = run_sh("worker", TASKS_BACKEND="immediate")
    assert refused.returncode == 2
    assert "nothing for a worker to do" in refused.stderr
    assert run_sh(ROLE="worker", TASKS_BACKEND="immediate").returncode == 2
