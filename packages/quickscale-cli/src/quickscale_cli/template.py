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
import re
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
THEMES = ("html", "htmx", "react")
DEFAULT_THEME = "html"
#: Modules a theme cannot do without (react signs in through allauth's headless API).
THEME_REQUIRES = {"react": ("auth",)}
#: The react theme's modules with a folder of their own in ``frontend/src/modules/`` (auth is the app's core).
REACT_MODULES = ("teams", "billing", "notifications")
#: The OpenAPI schema and its TypeScript types for each combination of the react theme's modules
#: (``nox -s react-schemas`` writes them; a test of the tests session fails when one drifts).
REACT_SCHEMAS_DIR = PACKAGE_DIR / "react_schemas"

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
    apply_theme(folder, choices.theme, choices.modules)


def remove_empty_files(folder: Path) -> None:
    """Leave out files that rendered to nothing (a module's file when the module is not chosen)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.stat().st_size < 4096 and not path.read_bytes().strip():
            path.unlink()


def apply_theme(folder: Path, theme: str, modules: Sequence[str] = DEFAULT_MODULES) -> None:
    """Copy the theme's overlay over the rendered project (html has none: it is the template's own).

    react also fits its ``frontend/`` to the chosen modules (:func:`fit_frontend`).
    """
    overlay = THEMES_DIR / theme
    if overlay.is_dir():
        shutil.copytree(
            overlay, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*EXCLUDED_DIRS, *FRONTEND_EXCLUDED)
        )
    if theme == "react":
        for page in REACT_UNUSED:  # the app draws home and dashboard itself
            (folder / page).unlink(missing_ok=True)
        fit_frontend(folder / "frontend", modules)


#: The html theme's files a react project has no use for (its app draws these pages).
REACT_UNUSED = ("templates/home.html", "templates/dashboard.html", "templates/partials/status.html")


#: What never goes from the react overlay into a project (a developer's local build and installs).
FRONTEND_EXCLUDED = ("node_modules", "dist", ".vite", "coverage", "*.tsbuildinfo")


def react_modules(modules: Sequence[str]) -> tuple[str, ...]:
    """The chosen modules that have a folder in the react app, in canonical order."""
    return tuple(module for module in REACT_MODULES if module in modules)


def schema_key(modules: Sequence[str]) -> str:
    """A combination's folder in ``react_schemas/``: ``auth-teams-billing-notifications``."""
    return "-".join(("auth", *react_modules(modules)))


def react_combinations() -> list[tuple[str, ...]]:
    """Every module combination of the react theme (auth and any subset of the others): 8 of them."""
    combinations: list[tuple[str, ...]] = []
    for mask in range(2 ** len(REACT_MODULES)):
        chosen = tuple(module for bit, module in enumerate(REACT_MODULES) if mask >> bit & 1)
        combinations.append(("auth", *chosen))
    return sorted(combinations, key=lambda combination: (len(combination), [MODULES.index(m) for m in combination]))


_MODULE_IMPORT = re.compile(
    r"""^import\s+(?P<bindings>[^;]+?)\s+from\s+["']\./(?P<module>[a-z_]+)(?:/[^"']*)?["'];?[ \t]*\n""", re.MULTILINE
)


def modules_index(source: str, modules: Sequence[str]) -> str:
    """The app's ``frontend/src/modules/index.ts`` (imports + one array) with only the chosen modules.

    Drops the import of every module not chosen and its names from the array; raises ``ValueError``
    when the file is not of that shape (then the overlay changed and this function must follow).
    """
    chosen = react_modules(modules)
    dropped: list[str] = []

    def drop(match: re.Match[str]) -> str:
        if match["module"] in REACT_MODULES and match["module"] not in chosen:
            dropped.extend(
                re.findall(r"[A-Za-z_$][\w$]*", match["bindings"].replace(" as ", " ").replace("type ", " "))
            )
            return ""
        return match.group(0)

    text = _MODULE_IMPORT.sub(drop, source)
    for name in dropped:
        text, count = re.subn(rf"""(?<![\w$./"']){re.escape(name)}(?![\w$])\s*,?[ \t]*(\n[ \t]*(?=\S))?""", "", text)
        if not count:
            raise ValueError(f"modules/index.ts imports {name!r} but never lists it: keep it to imports + one array")
    for module in REACT_MODULES:
        if module not in chosen and re.search(rf"""["']\./{module}\b""", text):
            raise ValueError(f"modules/index.ts still names ./{module} after its import was removed")
    return re.sub(r",?[ \t]+\]", "]", re.sub(r",(\s*)\]", r"\1]", text))


def fit_frontend(frontend: Path, modules: Sequence[str]) -> None:
    """Keep only the chosen modules in the react app: their folders, the registry, the schema and types."""
    modules_dir = frontend / "src" / "modules"
    for name in REACT_MODULES:
        if name not in modules and (modules_dir / name).exists():
            shutil.rmtree(modules_dir / name)
    index = modules_dir / "index.ts"
    index.write_text(modules_index(index.read_text(), modules))
    pair = REACT_SCHEMAS_DIR / schema_key(modules)
    shutil.copyfile(pair / "openapi.json", frontend / "openapi.json")
    shutil.copyfile(pair / "schema.d.ts", frontend / "src" / "api" / "schema.d.ts")


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


def build_themed_zip(path: str | os.PathLike[str], theme: str) -> Path:
    """A zip of the template with ``theme`` applied, for ``django-admin startproject --template <zip>``.

    django-admin gives the template no extra context, so the theme is written into every rendered
    file (``{% with theme=... %}`` around it); the overlay's files of a rendered extension are kept
    as they are (``{% verbatim %}``). The modules are django-admin's defaults (auth), so a react
    app keeps only its auth part.
    """
    with tempfile.TemporaryDirectory(prefix="quickscale-template-") as temporary:
        root = Path(temporary) / "template"
        shutil.copytree(TEMPLATE_DIR, root, ignore=shutil.ignore_patterns(*EXCLUDED_DIRS, "*.pyc"))
        for file in template_files(root):
            if _rendered_by_django_admin(file):
                file.write_text(f'{{% with theme="{theme}" %}}{file.read_text()}{{% endwith %}}')
        overlay = THEMES_DIR / theme
        if overlay.is_dir():
            for source in template_files(overlay):
                relative = source.relative_to(overlay)
                if set(relative.parts) & {pattern for pattern in FRONTEND_EXCLUDED if "*" not in pattern}:
                    continue
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        if theme == "react":
            for page in REACT_UNUSED:
                (root / page).unlink(missing_ok=True)
            fit_frontend(root / "frontend", DEFAULT_MODULES)
        if overlay.is_dir():
            for source in template_files(overlay):
                target = root / source.relative_to(overlay)
                if target.is_file() and _rendered_by_django_admin(target):
                    target.write_text(f"{{% verbatim %}}{target.read_text()}{{% endverbatim %}}")
        return build_zip(path, root)


def _rendered_by_django_admin(file: Path) -> bool:
    name = file.name.removesuffix("-tpl")
    return name in NAMED_FILES or name.rsplit(".", 1)[-1] in EXTENSIONS
