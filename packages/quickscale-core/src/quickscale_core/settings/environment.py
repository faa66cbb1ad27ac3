"""Reading the environment: one ``env`` object and the project folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import environ

env = environ.Env()


def project_dir() -> Path:
    """Return the folder that holds the project (the one with ``manage.py``).

    ``DJANGO_PROJECT_DIR`` wins when set. Otherwise it is the parent of the
    top-level package named by ``DJANGO_SETTINGS_MODULE`` (``mysite`` in
    ``mysite.settings.local``), so the default SQLite file and ``staticfiles``
    land beside ``manage.py`` whatever the working directory. Without either,
    the working directory.
    """
    explicit = os.environ.get("DJANGO_PROJECT_DIR")
    if explicit:
        return Path(explicit).resolve()
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    top_level = settings_module.partition(".")[0]
    if top_level:
        spec = importlib.util.find_spec(top_level)
        if spec is not None and spec.submodule_search_locations:
            return Path(next(iter(spec.submodule_search_locations))).resolve().parent
    return Path.cwd()
