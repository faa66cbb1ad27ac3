"""A Vite build's manifest -> the script and stylesheets of a single-page app's HTML shell.

The react theme builds its app with ``vite build`` (``build.manifest: true``) into
``frontend/dist``, which the project's ``STATICFILES_DIRS`` serves under ``STATIC_URL``. Django
renders the page itself: ``{% load quickscale_vite %}{% vite_entry %}`` writes the entry's
``<link rel="stylesheet">``, ``<link rel="modulepreload">`` and ``<script type="module">`` tags
from the manifest, so the hashed names never appear in a template.

Settings: ``QUICKSCALE_VITE_MANIFEST`` (the path of ``.vite/manifest.json``; unset: no app) and
``QUICKSCALE_VITE_ENTRY`` (default ``src/main.tsx``). The manifest is read again when its file
changes, so a rebuild needs no restart. The ``quickscale_core.E030`` deploy check reports a
manifest that is missing or has no such entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULT_ENTRY = "src/main.tsx"
#: A file name Vite hashed (``assets/main-B1x_9aQz.js``) or Django's manifest storage did
#: (``main.3f2a9c1b7e4d.js``): WhiteNoise may let browsers cache it for ever.
_HASHED_NAME = re.compile(r"/assets/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$|\.[0-9a-f]{12}\.[A-Za-z0-9]+$")


class ManifestError(Exception):
    """The manifest is missing, unreadable or has no such entry (the message says what to do)."""


@dataclass(frozen=True)
class EntryAssets:
    """The files of one entry, as paths under ``STATIC_URL`` (``assets/main-B1x_9aQz.js``)."""

    script: str
    css: tuple[str, ...] = ()
    preload: tuple[str, ...] = ()


def manifest_path() -> Path | None:
    """``QUICKSCALE_VITE_MANIFEST`` as a path, or None when the project has no Vite app."""
    value = getattr(settings, "QUICKSCALE_VITE_MANIFEST", None)
    return Path(value) if value else None


def entry_name() -> str:
    return str(getattr(settings, "QUICKSCALE_VITE_ENTRY", DEFAULT_ENTRY))


def read_manifest(path: Path) -> dict[str, Any]:
    """The parsed manifest; :class:`ManifestError` when it is absent or not a JSON object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            f"{path} does not exist: build the front end (cd frontend && npm ci && npm run build)"
        ) from None
    except (OSError, ValueError) as error:
        raise ManifestError(f"{path} is not a readable Vite manifest ({error}): run npm run build again") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{path} is not a Vite manifest (a JSON object): run npm run build again")
    return data


def entry_assets(manifest: dict[str, Any], entry: str = DEFAULT_ENTRY) -> EntryAssets:
    """The script of ``entry`` with the CSS of it and of every chunk it imports (depth first, once each)."""
    chunk = manifest.get(entry)
    if not isinstance(chunk, dict) or not isinstance(chunk.get("file"), str):
        raise ManifestError(
            f"the Vite manifest has no entry {entry!r}: set QUICKSCALE_VITE_ENTRY to the app's rollup input"
        )
    css: list[str] = []
    preload: list[str] = []
    seen: set[str] = set()

    def visit(key: str, item: dict[str, Any]) -> None:
        if key in seen:
            return
        seen.add(key)
        for name in item.get("imports", []):
            imported = manifest.get(name)
            if isinstance(imported, dict):
                visit(name, imported)
                if isinstance(imported.get("file"), str) and imported["file"] not in preload:
                    preload.append(imported["file"])
        for sheet in item.get("css", []):
            if isinstance(sheet, str) and sheet not in css:
                css.append(sheet)

    visit(entry, chunk)
    return EntryAssets(script=chunk["file"], css=tuple(css), preload=tuple(preload))


_cache: dict[tuple[str, str], tuple[float, EntryAssets]] = {}


def current_assets(entry: str | None = None) -> EntryAssets:
    """The entry's assets from ``QUICKSCALE_VITE_MANIFEST``, read again only when the file changed."""
    path = manifest_path()
    if path is None:
        raise ManifestError("QUICKSCALE_VITE_MANIFEST is not set: point it at frontend/dist/.vite/manifest.json")
    entry = entry or entry_name()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = -1.0
    key = (str(path), entry)
    cached = _cache.get(key)
    if cached is not None and cached[0] == mtime and mtime >= 0:
        return cached[1]
    assets = entry_assets(read_manifest(path), entry)
    _cache[key] = (mtime, assets)
    return assets


def immutable_file_test(path: str, url: str) -> bool:
    """``WHITENOISE_IMMUTABLE_FILE_TEST`` of a project with a Vite app: hashed names are cached for a year."""
    return bool(_HASHED_NAME.search(url))
