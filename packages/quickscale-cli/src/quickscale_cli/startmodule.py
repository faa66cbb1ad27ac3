"""``quickscale startmodule NAME``: scaffold a new module package for a (private) package index.

The extract-a-reusable-feature workflow: an agency moves a client's feature into
a package of its own, builds a wheel and publishes it to its index, and every
project installs it with pip and names it in ``apply_modules(...)``.

The package is rendered from ``module_template/`` with Django's template engine:
files ending in ``-tpl`` are rendered (the suffix dropped), other files are
copied as they are, and the folder names ``namespace``, ``module_name`` and
``app_label`` become the chosen names. Like ``quickscale init``, bad input stops
with a one-line error before anything is written, and the package is rendered
in a temporary folder that is moved into place at the end.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from quickscale_cli.validation import UsageError, check_name, check_target, taken_by

MODULE_TEMPLATE_DIR = Path(__file__).resolve().parent / "module_template"
DEFAULT_NAMESPACE = "quickscale_modules"
#: The quickscale-core range a new module declares (kept true by scripts/check_versions.py).
CORE_RANGE = ">=1.0,<2"
FIRST_VERSION = "0.1.0"
TEMPLATE_SUFFIX = "-tpl"
#: Template file names that become dotfiles (a dotfile in a wheel is easy to lose).
RENAMED_FILES = {"gitignore": ".gitignore"}
#: App labels our own packages own.
RESERVED_LABELS = frozenset({"quickscale_core", "quickscale_cli", "quickscale_auth", "quickscale_teams",
                             "quickscale_billing", "quickscale_notifications"})  # fmt: skip

_LOWER_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ModuleNames:
    """Every name of a new module, derived from its NAME and namespace."""

    name: str
    namespace: str

    @property
    def import_path(self) -> str:
        return f"{self.namespace}.{self.name}"

    @property
    def label(self) -> str:
        """The explicit app label: ``quickscale_modules`` + ``crm`` -> ``quickscale_crm``."""
        return f"{self.namespace.removesuffix('_modules')}_{self.name}"

    @property
    def dist_name(self) -> str:
        """The package index name: ``acme_modules`` + ``crm`` -> ``acme-modules-crm``."""
        return f"{self.namespace}-{self.name}".replace("_", "-")

    @property
    def config_class(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_")) + "Config"

    @property
    def verbose_name(self) -> str:
        return self.name.replace("_", " ").capitalize()

    def context(self) -> dict[str, str]:
        return {
            "name": self.name,
            "namespace": self.namespace,
            "import_path": self.import_path,
            "label": self.label,
            "dist_name": self.dist_name,
            "config_class": self.config_class,
            "verbose_name": self.verbose_name,
            "version": FIRST_VERSION,
            "core_range": CORE_RANGE,
            "year": str(datetime.date.today().year),
        }


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``startmodule`` to the ``quickscale`` command's subcommands."""
    parser = subparsers.add_parser(
        "startmodule",
        help="create a new module package (for your package index)",
        description="Create a module package in ./<dist-name> (or --directory): a hatchling pyproject, "
        "src/<namespace>/<name>/ with an app config, settings layer, model and migration, view, template, "
        "admin, tests and a README on building and publishing it.",
        epilog="Example: quickscale startmodule crm --namespace acme_modules  ->  ./acme-modules-crm "
        "(import acme_modules.crm, app label acme_crm).",
    )
    parser.add_argument("name", metavar="NAME", help="the module's Python name, e.g. crm")
    parser.add_argument(
        "--namespace",
        default=DEFAULT_NAMESPACE,
        metavar="NAMESPACE",
        help=f"the PEP 420 namespace package it lives in (default: {DEFAULT_NAMESPACE})",
    )
    parser.add_argument("--directory", metavar="DIR", help="create the package here instead of ./<dist-name>")
    parser.set_defaults(handler=run)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m quickscale_cli.startmodule NAME ...``: the command without the ``quickscale`` front end."""
    parser = argparse.ArgumentParser(prog="quickscale")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["startmodule", *(sys.argv[1:] if argv is None else argv)])
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Scaffold the module; print a one-line error and return 2 on bad input."""
    try:
        names = ModuleNames(name=check_module_name(args.name), namespace=check_namespace(args.namespace))
        check_not_taken(names)
        target = Path(args.directory or names.dist_name).expanduser().resolve()
        check_target(target)
    except UsageError as error:
        print(f"quickscale startmodule: error: {error}", file=sys.stderr)
        return 2
    try:
        render_module(names, target)
    except OSError as error:
        print(f"quickscale startmodule: error: could not write {target}: {error}; nothing was written", file=sys.stderr)
        return 1
    print_next_steps(names, target)
    return 0


def check_module_name(name: str) -> str:
    check_name(name, "module name", "crm")
    if not _LOWER_IDENTIFIER.match(name):
        raise UsageError(
            f"{name!r} is not a valid module name: use lowercase letters, digits and underscores, "
            f"starting with a letter, e.g. crm"
        )
    return name


def check_namespace(namespace: str) -> str:
    if not _LOWER_IDENTIFIER.match(namespace):
        raise UsageError(
            f"{namespace!r} is not a valid namespace: use one lowercase Python identifier "
            f"(no dots), e.g. {DEFAULT_NAMESPACE} or acme_modules"
        )
    if namespace != DEFAULT_NAMESPACE:  # ours is shared by design
        check_name(namespace, "namespace", "acme_modules")
    try:
        spec = find_spec(namespace)
    except (ImportError, ValueError):  # pragma: no cover - a broken installed package of that name
        spec = None
    # A PEP 420 namespace has no origin file; a regular package (django, quickscale_core) would hide the module.
    if spec is not None and spec.origin not in (None, "namespace"):
        raise UsageError(
            f"{namespace!r} is an installed regular package, not a namespace: choose another --namespace, "
            f"e.g. {namespace}_modules"
        )
    return namespace


def check_not_taken(names: ModuleNames) -> None:
    if names.label in RESERVED_LABELS:
        raise UsageError(f"the app label {names.label!r} belongs to QuickScale: choose another module name")
    owners = taken_by(names.dist_name)
    if owners:
        raise UsageError(
            f"the package name {names.dist_name} is taken by {owners}, a dependency of QuickScale projects: "
            f"choose another module name or --namespace"
        )
    try:
        installed = find_spec(names.import_path) is not None
    except ModuleNotFoundError:  # the namespace itself is not installed
        installed = False
    if installed:
        raise UsageError(f"{names.import_path} is already installed here: choose another module name")


def render_module(names: ModuleNames, target: Path) -> None:
    """Render the package into ``target`` (absent or empty), through a temporary folder beside it."""
    staging = Path(tempfile.mkdtemp(prefix=f".{names.dist_name}-", suffix=".quickscale-tmp", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp's folder is private (0700); a package folder is not
        render_into(names, staging)
        if target.exists():
            target.rmdir()  # empty: checked before
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def render_into(names: ModuleNames, folder: Path, template_dir: Path = MODULE_TEMPLATE_DIR) -> list[Path]:
    """Render every file of the module template into ``folder``; return the written paths."""
    from django.template import Context, Engine  # imported late: most of the command's start-up

    engine = Engine(autoescape=False, debug=False)
    context = names.context()
    replacements = {"namespace": names.namespace, "module_name": names.name, "app_label": names.label}
    written = []
    for source in sorted(template_dir.rglob("*")):
        relative = source.relative_to(template_dir)
        if not source.is_file() or "__pycache__" in relative.parts or source.suffix in (".pyc", ".pyo"):
            continue
        parts = [replacements.get(part, part) for part in relative.parts]
        file_name = parts[-1].removesuffix(TEMPLATE_SUFFIX)
        parts[-1] = RENAMED_FILES.get(file_name, file_name)
        destination = folder.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.name.endswith(TEMPLATE_SUFFIX):
            text = engine.from_string(source.read_text(encoding="utf-8")).render(Context(context, autoescape=False))
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


def print_next_steps(names: ModuleNames, target: Path) -> None:
    try:
        shown: Path = target.relative_to(Path.cwd())
    except ValueError:
        shown = target
    print(f"Created {names.dist_name} in {shown} (import {names.import_path}, app label {names.label}).")
    print()
    print("Next steps:")
    print(f"  cd {shown}")
    print('  python -m venv .venv && . .venv/bin/activate && pip install -e ".[testing]"')
    print("  pytest")
    print("Then build and publish it (README.md), and in a project: pip install "
          f'{names.dist_name}, then apply_modules(globals(), ..., "{names.import_path}") and migrate.')  # fmt: skip


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
