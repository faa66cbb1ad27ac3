"""Checks of ``quickscale init``'s input, each failing with a one-line :class:`UsageError`."""

from __future__ import annotations

import keyword
from importlib.util import find_spec
from pathlib import Path

from quickscale_cli.template import THEMES

#: Names of folders the template itself creates beside the project package.
RESERVED_NAMES = frozenset({"tests", "templates", "static", "staticfiles", "media"})


class UsageError(Exception):
    """Bad input: the message says what is wrong and what to do, in one line."""


def check_name(name: str) -> None:
    if not name.isidentifier():
        raise UsageError(
            f"{name!r} is not a valid project name: use a Python identifier (letters, digits, underscores), e.g. mysite"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise UsageError(f"{name!r} is a Python keyword: choose another project name")
    if name in RESERVED_NAMES:
        raise UsageError(f"{name!r} is a folder of the project template: choose another project name")
    try:
        shadowed = find_spec(name) is not None
    except (ImportError, ValueError):
        shadowed = True
    if shadowed:
        raise UsageError(f"{name!r} is the name of an installed Python module: choose another project name")


def check_target(target: Path) -> None:
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"{target} exists and is not a folder: choose another name or --directory")
        if any(target.iterdir()):
            raise UsageError(f"{target} already exists and is not empty: choose another name or --directory")
    if not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist: create it first or choose another --directory")


def check_theme(theme: str) -> None:
    if theme not in THEMES:
        raise UsageError(f"unknown theme {theme!r}: choose {' or '.join(THEMES)}")
