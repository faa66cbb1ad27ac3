"""Check the wheels and sdists in a dist/ folder: what every QuickScale release must contain.

Usage: python scripts/check_dist.py dist/
Exits non-zero with one line per problem.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

NAMESPACE_INIT = "quickscale_modules/__init__.py"
DJANGO_CLASSIFIERS = [f"Framework :: Django :: {version}" for version in ("5.2", "6.0", "6.1")]


def package_root(names: list[str], dist_name: str) -> str:
    """The import folder inside a wheel: quickscale_core/ or quickscale_modules/<m>/."""
    if dist_name.startswith("quickscale_modules_"):
        return "quickscale_modules/" + dist_name.removeprefix("quickscale_modules_") + "/"
    return dist_name + "/"


def check_wheel(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_name = path.name.split("-")[0]
        root = package_root(names, dist_name)
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(wheel.read(metadata_name).decode())
    if NAMESPACE_INIT in names:
        problems.append(f"{path.name}: ships {NAMESPACE_INIT}; quickscale_modules must stay a PEP 420 namespace")
    if f"{root}py.typed" not in names:
        problems.append(f"{path.name}: no {root}py.typed")
    has_templates = any(name.startswith(f"{root}templates/") and name.endswith(".html") for name in names)
    if dist_name == "quickscale_cli" and "quickscale_cli/reserved_names.txt" not in names:
        problems.append(f"{path.name}: no quickscale_cli/reserved_names.txt (the names init and startmodule refuse)")
    if dist_name != "quickscale_cli" and not has_templates:
        problems.append(f"{path.name}: no templates under {root}templates/")
    if dist_name.startswith("quickscale_modules_") and f"{root}migrations/0001_initial.py" not in names:
        problems.append(f"{path.name}: no {root}migrations/0001_initial.py")
    catalogs = [name for name in names if name.startswith(f"{root}locale/") and name.endswith(".po")]
    uncompiled = [po for po in catalogs if po.removesuffix(".po") + ".mo" not in names]
    problems += [f"{path.name}: {po} is not compiled (no .mo beside it): run msgfmt" for po in uncompiled]
    if dist_name.startswith("quickscale_modules_") and f"{root}locale/fr/LC_MESSAGES/django.mo" not in names:
        problems.append(f"{path.name}: no French catalog {root}locale/fr/LC_MESSAGES/django.mo")
    if not (metadata.get("License-Expression") or metadata.get("License")):
        problems.append(f"{path.name}: no license in the metadata")
    if not metadata.get_all("Project-URL"):
        problems.append(f"{path.name}: no Project-URL in the metadata")
    if metadata.get("Requires-Python") != ">=3.11":
        problems.append(f"{path.name}: Requires-Python is {metadata.get('Requires-Python')!r}, not '>=3.11'")
    classifiers = metadata.get_all("Classifier") or []
    problems += [f"{path.name}: no classifier {c!r}" for c in DJANGO_CLASSIFIERS if c not in classifiers]
    if dist_name.startswith("quickscale_modules_"):
        requires = metadata.get_all("Requires-Dist") or []
        core = [r for r in requires if r.replace("_", "-").startswith("quickscale-core") and "extra ==" not in r]
        if not core or not any(op in core[0] for op in (">=", "~=", "==")):
            problems.append(f"{path.name}: no compatible range on quickscale-core in Requires-Dist")
    return problems


def check_sdist(path: Path) -> list[str]:
    with tarfile.open(path) as sdist:
        names = sdist.getnames()
    top = names[0].split("/")[0]
    problems = []
    for required in ("pyproject.toml", "README.md", "LICENSE"):
        if f"{top}/{required}" not in names:
            problems.append(f"{path.name}: no {required}")
    if not any(name.startswith(f"{top}/tests/") for name in names):
        problems.append(f"{path.name}: no tests/")
    if f"{top}/src/{NAMESPACE_INIT}" in names:
        problems.append(f"{path.name}: ships src/{NAMESPACE_INIT}")
    return problems


def main(dist: Path) -> int:
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    problems = [problem for wheel in wheels for problem in check_wheel(wheel)]
    problems += [problem for sdist in sdists for problem in check_sdist(sdist)]
    if not wheels or len(wheels) != len(sdists):
        problems.append(f"{dist}: {len(wheels)} wheels and {len(sdists)} sdists; expected one of each per package")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{len(wheels)} wheels and {len(sdists)} sdists checked: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist")))
