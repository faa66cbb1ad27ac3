"""Check that README.md and docs/ only point to files of this repository.

Relative links must resolve, and a file named in a code span (`docs/upgrading.md`, `README.md`)
must exist beside the page, at the root, or somewhere in the repository under that name.

Usage: python scripts/check_links.py   (exits non-zero with one line per broken link)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: [text](target) outside code spans; the target up to an optional #anchor.
_LINK = re.compile(r"(?<!`)\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)")
#: `some/page.md` in a code span.
_NAMED = re.compile(r"`([\w./-]+\.md)`")


def markdown_files(root: Path = ROOT) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def named_file_exists(name: str, page: Path, root: Path) -> bool:
    if (page.parent / name).exists() or (root / name).exists():
        return True
    skip = {".git", ".nox", ".venv", ".venv-tools", "node_modules", "work"}
    return any(not skip & set(found.relative_to(root).parts) for found in root.rglob(Path(name).name))


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    problems = []
    in_code_block = False
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.lstrip().startswith("```"):
            in_code_block = not in_code_block
        if in_code_block:
            continue
        for target in _LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:...
                continue
            if not (path.parent / target).resolve().exists():
                problems.append(f"{path.relative_to(root)}:{number}: {target} does not exist")
        for name in _NAMED.findall(line):
            if not named_file_exists(name, path, root):
                problems.append(f"{path.relative_to(root)}:{number}: {name} is not in the repository")
    return problems


def main() -> int:
    problems = [problem for path in markdown_files() for problem in broken_links(path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
