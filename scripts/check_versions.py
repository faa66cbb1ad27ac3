"""Check that every declared range on a QuickScale package contains that package's current version.

Each module declares the quickscale-core versions it works with; the project template and the
``quickscale startmodule`` template declare ranges too. When a version is bumped and a range is
not, installs from an index fail or pick an old release: this catches it before a release.

Usage: python scripts/check_versions.py   (from anywhere; exits non-zero with one line per problem)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
CLI_SOURCE = PACKAGES / "quickscale-cli" / "src" / "quickscale_cli"
PROJECT_TEMPLATE_PYPROJECT = CLI_SOURCE / "project_template" / "pyproject.toml"
STARTMODULE = CLI_SOURCE / "startmodule.py"

_VERSION = re.compile(r'^__version__\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)
#: A requirement on one of our packages inside a rendered template: "quickscale-modules-auth>=1.0,<2".
_TEMPLATE_REQUIREMENT = re.compile(r'"(quickscale-[a-z-]+(?:\[[a-z,]+\])?[<>=!~][^"]*)"')
_CORE_RANGE = re.compile(r'^CORE_RANGE\s*=\s*"([^"]+)"', re.MULTILINE)


def current_versions(packages: Path = PACKAGES) -> dict[str, Version]:
    """{canonical name: version} of every package of the monorepo, read where hatch reads it."""
    versions: dict[str, Version] = {}
    for pyproject_path in sorted(packages.glob("*/pyproject.toml")):
        pyproject = tomllib.loads(pyproject_path.read_text())
        version_file = pyproject_path.parent / pyproject["tool"]["hatch"]["version"]["path"]
        match = _VERSION.search(version_file.read_text())
        if match is None:
            raise SystemExit(f"{version_file}: no __version__ = '...' line")
        versions[canonicalize_name(pyproject["project"]["name"])] = Version(match.group(1))
    return versions


def declared_requirements(packages: Path = PACKAGES) -> list[tuple[str, Requirement]]:
    """(where, requirement) for every requirement in the packages and the two templates."""
    found: list[tuple[str, Requirement]] = []
    for pyproject_path in sorted(packages.glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject_path.read_text())["project"]
        where = str(pyproject_path.relative_to(packages.parent))
        lines = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            lines += extra
        found += [(where, Requirement(line)) for line in lines]
    template = packages / PROJECT_TEMPLATE_PYPROJECT.relative_to(PACKAGES)
    if template.exists():
        where = str(template.relative_to(packages.parent))
        found += [(where, Requirement(line)) for line in _TEMPLATE_REQUIREMENT.findall(template.read_text())]
    startmodule = packages / STARTMODULE.relative_to(PACKAGES)
    if startmodule.exists():
        match = _CORE_RANGE.search(startmodule.read_text())
        if match:
            found.append(
                (
                    f"{startmodule.relative_to(packages.parent)} (CORE_RANGE)",
                    Requirement(f"quickscale-core{match.group(1)}"),
                )
            )
    return found


def problems(packages: Path = PACKAGES) -> list[str]:
    versions = current_versions(packages)
    lines = []
    for where, requirement in declared_requirements(packages):
        name = canonicalize_name(requirement.name)
        if name not in versions:
            continue  # a third-party package
        if not str(requirement.specifier):
            lines.append(f"{where}: {requirement.name} has no version range; declare one like >=1.0,<2")
        elif not requirement.specifier.contains(versions[name], prereleases=True):
            lines.append(
                f"{where}: {requirement} excludes the current {requirement.name} {versions[name]}; "
                f"widen the range (after testing) or fix the version"
            )
    return lines


def main() -> int:
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        versions = ", ".join(f"{name} {version}" for name, version in sorted(current_versions().items()))
        print(f"Every declared range contains the current versions ({versions}): OK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
