"""Generate quickscale_cli/reserved_names.txt: the names a QuickScale project or module may not take.

A project named ``stripe`` or ``environ`` hides the package of that name from every import in
the project, and one named ``django_allauth`` clashes with that distribution in ``pip install``.
The names to refuse are those of every package a generated project depends on, directly or not:
the project template's dependencies (every module chosen, dev extra included) and the module
template's, our packages' own (read from packages/*/pyproject.toml), and theirs (read from the
installed metadata). Each such distribution gives its own name and its top-level import names.

The CLI reads only the committed table: it runs where the project's dependencies are not
installed (pipx). This script needs them installed (the nox tests session installs them all);
a package test regenerates the table and fails when the committed one has drifted.

Usage: python scripts/reserved_names.py [--write]   (prints the table, or writes it)
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from quickscale_cli.validation import comparable

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
CLI_SOURCE = PACKAGES / "quickscale-cli" / "src" / "quickscale_cli"
TABLE = CLI_SOURCE / "reserved_names.txt"
#: The generated pyprojects whose dependencies a project or module starts from.
TEMPLATE_PYPROJECTS = (
    CLI_SOURCE / "project_template" / "pyproject.toml",
    CLI_SOURCE / "module_template" / "pyproject.toml-tpl",
)
REFRESH = "python scripts/reserved_names.py --write"

HEADER = f"""\
# Names a QuickScale project or module may not take, with the distribution each comes from:
# the name and the top-level import names of every package a generated project depends on,
# directly or not (every module and the dev extra). Compared lowercase, '-' and '.' as '_'.
# Generated from the template and package pyprojects and the installed metadata of their
# dependencies by `{REFRESH}`: do not edit by hand.
"""

#: Where a generated project may be installed: a requirement counts if its marker holds in any.
_PYTHONS = ("3.11", "3.12", "3.13", "3.14")
_PLATFORMS = (("linux", "Linux", "posix"), ("darwin", "Darwin", "posix"), ("win32", "Windows", "nt"))
ENVIRONMENTS = [
    {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": sys_platform,
        "platform_system": system,
        "os_name": os_name,
        "platform_machine": machine,
        "platform_release": "",
        "platform_version": "",
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "platform_python_implementation": "CPython",
    }
    for python in _PYTHONS
    for sys_platform, system, os_name in _PLATFORMS
    for machine in ("x86_64", "arm64")
]

_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
#: The ``{% else %}`` branch of an ``{% if %}`` (the kept ``if`` branch is the every-module one).
_ELSE_BRANCH = re.compile(r"\{%\s*else\s*%\}.*?(?=\{%\s*endif\s*%\})", re.S)


class MissingDistributionError(Exception):
    """A dependency that this environment needs is not installed here."""


def template_requirements(path: Path) -> list[Requirement]:
    """Every requirement of a template pyproject, with every ``{% if %}`` branch kept (every module chosen)
    and every ``{% else %}`` branch dropped.

    Tags and variables are dropped: what is left is TOML (``quickscale-core{{ core_range }}`` gives
    ``quickscale-core``; only names matter here).
    """
    text = _ELSE_BRANCH.sub("", path.read_text(encoding="utf-8"))
    project = tomllib.loads(_TEMPLATE_TAG.sub("", text))["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def our_packages(packages: Path = PACKAGES) -> dict[str, Path]:
    """{canonical name: pyproject path} of every package of the monorepo."""
    found: dict[str, Path] = {}
    for path in sorted(packages.glob("*/pyproject.toml")):
        found[canonicalize_name(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["name"])] = path
    return found


def applies(requirement: Requirement, extras: Iterable[str], environments: Iterable[dict[str, str]]) -> bool:
    """Whether a dependency is needed, with its parent's ``extras``, in any of ``environments``."""
    marker = requirement.marker
    return marker is None or any(
        marker.evaluate({**environment, "extra": extra}) for environment in environments for extra in ("", *extras)
    )


def pyproject_requirements(path: Path, extras: Iterable[str]) -> tuple[list[Requirement], set[str]]:
    """One of our packages: (its requirements with these extras, the top-level import names of its wheel)."""
    pyproject = tomllib.loads(path.read_text(encoding="utf-8"))
    project = pyproject["project"]
    lines = list(project.get("dependencies", []))
    for extra in extras:
        lines += project.get("optional-dependencies", {}).get(extra, [])
    folders = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    return [Requirement(line) for line in lines], {Path(folder).name for folder in folders}


def import_names(distribution: metadata.Distribution) -> set[str]:
    """The top-level names a distribution installs: its top_level.txt, else the files of its RECORD."""
    declared = distribution.read_text("top_level.txt")
    if declared is not None:
        return {line.strip() for line in declared.splitlines() if line.strip()}
    names = set()
    for file in distribution.files or ():
        if file.suffix not in (".py", ".pyi", ".so", ".pyd") or file.parts[0] in ("..", "__pycache__"):
            continue
        if len(file.parts) > 1:  # a package folder (not foo.libs/, foo.dist-info/)
            names.add(file.parts[0])
        else:  # a module: six.py, _cffi_backend.cpython-311-x86_64-linux-gnu.so
            names.add(file.parts[0].split(".")[0])
    return {name for name in names if "." not in name}


def closure(roots: Iterable[Requirement], ours: dict[str, Path]) -> dict[str, set[str]]:
    """{distribution: its top-level import names} for every distribution ``roots`` bring, directly or not.

    Our packages are read from their pyproject, the others from the installed metadata. A missing
    dependency that this environment does not need (another platform's or Python's) gives its name
    only; any other missing one raises :class:`MissingDistributionError`.
    """
    found: dict[str, set[str]] = {}
    queue: list[tuple[Requirement, tuple[str, ...]]] = [(requirement, ()) for requirement in roots]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        requirement, parent_extras = queue.pop()
        if not applies(requirement, parent_extras, ENVIRONMENTS):
            continue
        name, extras = canonicalize_name(requirement.name), frozenset(requirement.extras)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        if name in ours:
            requires, imports = pyproject_requirements(ours[name], sorted(extras))
        else:
            try:
                distribution = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                if applies(requirement, parent_extras, [{}]):  # {}: this environment's markers
                    raise MissingDistributionError(
                        f"{requirement.name} is not installed here: install every dependency of the project "
                        f"template first (nox -s tests does), then run {REFRESH}"
                    ) from None
                found.setdefault(name, set())
                continue
            requires = [Requirement(line) for line in distribution.requires or ()]
            imports = import_names(distribution)
        found.setdefault(name, set()).update(imports)
        queue += [(dependency, tuple(sorted(extras))) for dependency in requires]
    return found


def reserved_names(
    pyprojects: Iterable[Path] = TEMPLATE_PYPROJECTS, ours: dict[str, Path] | None = None
) -> dict[str, str]:
    """{name: the distributions it comes from} for every name the CLI's other rules would accept."""
    roots = [requirement for path in pyprojects for requirement in template_requirements(path)]
    table: dict[str, set[str]] = {}
    for distribution, imports in closure(roots, our_packages() if ours is None else ours).items():
        for name in {comparable(distribution), *(comparable(name) for name in imports)}:
            if name.isascii() and name.isidentifier() and not name.startswith("_"):
                table.setdefault(name, set()).add(distribution)
    return {name: ",".join(sorted(table[name])) for name in sorted(table)}


def render_table(table: dict[str, str]) -> str:
    return HEADER + "".join(f"{name} {source}\n" for name, source in table.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true", help=f"write {TABLE.relative_to(ROOT)} instead of printing")
    args = parser.parse_args(argv)
    try:
        text = render_table(reserved_names())
    except MissingDistributionError as error:
        print(f"reserved_names: error: {error}", file=sys.stderr)
        return 1
    if args.write:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)} ({text.count(chr(10)) - HEADER.count(chr(10))} names)")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
