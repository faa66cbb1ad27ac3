"""The bundled project template: where it is, how Django renders it, and its release zip.

One template, two doors: ``quickscale init`` renders it through Django's own
``startproject`` machinery (``TemplateCommand``) with the chosen modules and
theme, and ``django-admin startproject --template`` renders the same folder (or
its zip) with the default choices. The template's ``{% if %}`` tags are written
so that a variable django-admin does not set means the default: auth on
(``has_auth|default_if_none:True``), teams and billing off, theme html.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "project_template"
#: Theme overlays: the files of a theme that replace or add to the template's
#: own theme (html, the one django-admin renders).
THEMES_DIR = PACKAGE_DIR / "themes"

MODULES = ("auth", "teams", "billing", "notifications")
DEFAULT_MODULES = ("auth",)
#: Modules that need another one; ``init`` adds the requirement.
MODULE_REQUIRES = {"teams": ("auth",), "billing": ("auth",), "notifications": ("auth",)}
THEMES = ("html", "htmx")
DEFAULT_THEME = "html"

#: What Django renders (the rest, like .html templates, is copied as it is).
EXTENSIONS = ("py", "toml", "md", "yml", "cfg", "txt", "env")
NAMED_FILES = ("Dockerfile", ".env.example", ".gitignore", ".dockerignore")
EXCLUDED_DIRS = ("__pycache__",)

ZIP_ROOT = "quickscale-project-template"
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so the same template always gives the same zip


def django_admin_command(template: str = '"$(quickscale template)"', name: str = "NAME") -> str:
    """The documented ``django-admin startproject`` line for this template (or its zip)."""
    return (
        f"django-admin startproject --template {template} --extension {','.join(EXTENSIONS)} "
        f"--name {','.join(NAMED_FILES)} --exclude {','.join(EXCLUDED_DIRS)} {name}"
    )


@dataclass(frozen=True)
class Choices:
    """What a project is made of; the extra context of the template."""

    modules: tuple[str, ...] = DEFAULT_MODULES
    theme: str = DEFAULT_THEME
    #: The simple URL of the package index that alone may serve QuickScale's packages ("" for none).
    index: str = ""

    def context(self) -> dict[str, object]:
        return {
            "modules": list(self.modules),
            "has_auth": "auth" in self.modules,
            "has_teams": "teams" in self.modules,
            "has_billing": "billing" in self.modules,
            "has_notifications": "notifications" in self.modules,
            "theme": self.theme,
            "package_index": self.index,
        }


def render(name: str, target: Path, choices: Choices) -> None:
    """Render the project ``name`` into ``target`` (absent or an empty folder).

    Renders into a temporary folder beside ``target`` and moves it into place
    at the end, so a failure or an interruption part-way leaves nothing behind.
    """
    parent = target.parent
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", suffix=".quickscale-tmp", dir=parent))
    try:
        _set_default_mode(staging)
        render_into(name, staging, choices)
        if target.exists():
            target.rmdir()  # empty, checked by the caller
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def render_into(name: str, folder: Path, choices: Choices) -> None:
    """Render the template into the existing empty ``folder``, then apply the theme."""
    # Imported late: Django is most of the command's start-up time.
    from django.conf import settings
    from django.core.management.templates import TemplateCommand

    if not settings.configured:
        # Rendering needs only the template engine's built-ins: configuring settings here spares
        # TemplateCommand's django.setup() (the app registry, URL resolvers, logging).
        settings.configure()

    class ProjectCommand(TemplateCommand):
        def validate_name(self, name: str | None, name_or_dir: str = "name") -> None:
            """Checked already by ``validation.check_name``, against what a project depends on:
            Django's own check refuses any module installed where the CLI runs."""

    command = ProjectCommand(stdout=StringIO(), stderr=StringIO())
    command.handle(
        "project",
        name,
        str(folder),
        template=str(TEMPLATE_DIR),
        extensions=list(EXTENSIONS),
        files=list(NAMED_FILES),
        exclude=list(EXCLUDED_DIRS),
        verbosity=0,
        **choices.context(),
    )
    remove_empty_files(folder)
    apply_theme(folder, choices.theme)


def remove_empty_files(folder: Path) -> None:
    """Leave out files that rendered to nothing (a module's file when the module is not chosen)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.stat().st_size < 4096 and not path.read_bytes().strip():
            path.unlink()


def apply_theme(folder: Path, theme: str) -> None:
    """Copy the theme's overlay over the rendered project (html has none: it is the template's own)."""
    overlay = THEMES_DIR / theme
    if overlay.is_dir():
        shutil.copytree(overlay, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*EXCLUDED_DIRS))


def _set_default_mode(folder: Path) -> None:
    """mkdtemp makes a private (0700) folder; a project folder gets the usual mode."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def template_files(root: Path = TEMPLATE_DIR) -> Iterator[Path]:
    """The template's files, sorted, without caches."""
    for path in sorted(root.rglob("*")):
        cached = set(path.relative_to(root).parts) & set(EXCLUDED_DIRS) or path.suffix in (".pyc", ".pyo")
        if path.is_file() and not cached:
            yield path


def build_zip(path: str | os.PathLike[str], root: Path = TEMPLATE_DIR) -> Path:
    """Write the project template as a zip to ``path`` (for release assets) and return the path.

    ``django-admin startproject --template <zip>`` renders it like the folder.
    The zip is reproducible: sorted entries, fixed dates, file modes kept.
    """
    destination = Path(path)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in template_files(root):
            info = zipfile.ZipInfo(f"{ZIP_ROOT}/{file.relative_to(root).as_posix()}", date_time=_ZIP_DATE)
            info.external_attr = (file.stat().st_mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())
    return destination


def parse_modules(value: str) -> tuple[str, ...]:
    """``"auth,teams"`` -> ``("auth", "teams")`` in canonical order; ``"none"`` -> ``()``.

    Raises ``ValueError`` with a one-line message for an unknown or empty name.
    """
    names = [part.strip().lower() for part in value.split(",")]
    if names == ["none"]:
        return ()
    if not all(names):
        raise ValueError(f"--modules {value!r} has an empty name: give a comma-separated list like auth,teams or none")
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        raise ValueError(f"unknown module {unknown[0]!r}: choose from {', '.join(MODULES)} (or none)")
    return with_requirements(names)


def with_requirements(names: Sequence[str]) -> tuple[str, ...]:
    """The modules and those they need, in canonical order."""
    wanted = set(names)
    for name in names:
        wanted.update(MODULE_REQUIRES.get(name, ()))
    return tuple(module for module in MODULES if module in wanted)
