"""Upload the wheels and sdists of a dist/ folder to a package index with twine, never a version twice.

Usage (what ``nox -s publish -- ...`` runs):
    python scripts/publish.py --repository-url URL [--index-url SIMPLE_URL] [--dist DIR]

Credentials: TWINE_USERNAME / TWINE_PASSWORD, or a keyring entry for the repository URL (twine's own
rules). Before uploading anything, it reads the index's simple page of every package and refuses,
with one line per package, a version that is already there: an index keeps the first upload of a
version forever (PyPI even after a delete), so a second one is a mistake to fix by bumping the version.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

#: Upload URLs whose simple index is not at <upload URL>/simple/.
KNOWN_SIMPLE_URLS = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)


class PublishError(Exception):
    """A one-line reason not to upload."""


def distribution_of(filename: str) -> tuple[NormalizedName, Version] | None:
    """(name, version) of a wheel or sdist file name; None for anything else."""
    try:
        if filename.endswith(".whl"):
            name, version, _, _ = parse_wheel_filename(filename)
            return name, version
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return None


def simple_url_for(repository_url: str) -> str:
    """The simple index that lists what ``repository_url`` (an upload URL) holds."""
    normalized = repository_url.rstrip("/") + "/"
    return KNOWN_SIMPLE_URLS.get(normalized, normalized + "simple/")


def credentials(repository_url: str) -> tuple[str, str] | None:
    """TWINE_USERNAME/TWINE_PASSWORD, else a keyring entry for the URL, else None."""
    username, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    if username and password:
        return username, password
    try:
        import keyring
    except ImportError:
        return None
    try:
        credential = keyring.get_credential(repository_url, username)
    except Exception:
        return None
    if credential is None or not credential.password:
        return None
    return credential.username, credential.password


def versions_on_index(simple_url: str, name: str, auth: tuple[str, str] | None) -> set[Version]:
    """Versions of ``name`` that the index lists (PEP 503 simple page); empty when it has none."""
    url = f"{simple_url.rstrip('/')}/{name}/"
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            page = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()
        if error.code in (401, 403):
            raise PublishError(
                f"{simple_url} refused to list {name} (HTTP {error.code}): set TWINE_USERNAME and "
                f"TWINE_PASSWORD (or a keyring entry) for an account that can read and upload"
            ) from None
        raise PublishError(f"{url} answered HTTP {error.code}: check --repository-url / --index-url") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PublishError(f"could not reach {simple_url} ({reason}): check the URL and the network") from None
    found = set()
    for href in _HREF.findall(page):
        parsed = distribution_of(unquote(urlparse(href).path.rsplit("/", 1)[-1]))
        if parsed is not None and parsed[0] == canonicalize_name(name):
            found.add(parsed[1])
    return found


def check_new_versions(files: list[Path], simple_url: str, auth: tuple[str, str] | None) -> list[str]:
    """One line per distribution whose version is already on the index."""
    releases: dict[NormalizedName, Version] = {}
    for file in files:
        parsed = distribution_of(file.name)
        if parsed is None:
            raise PublishError(f"{file.name} is not a wheel or sdist file name: remove it from {file.parent}")
        releases[parsed[0]] = parsed[1]
    problems = []
    for name, version in sorted(releases.items()):
        if version in versions_on_index(simple_url, name, auth):
            problems.append(
                f"{name} {version} is already on {simple_url}: an index never takes a version twice; "
                f"bump __version__ of {name} and build again"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repository-url", required=True, help="the index's upload URL (twine --repository-url)")
    parser.add_argument("--index-url", help="its simple index, when not <repository-url>/simple/ (devpi: .../+simple/)")
    parser.add_argument("--dist", default="dist", type=Path, help="the folder of wheels and sdists (default: dist)")
    args = parser.parse_args(argv)

    files = sorted(path for path in args.dist.glob("*") if path.name.endswith((".whl", ".tar.gz")))
    if not files:
        print(f"publish: error: no wheels or sdists in {args.dist}: run nox -s build first", file=sys.stderr)
        return 1
    simple_url = args.index_url or simple_url_for(args.repository_url)
    try:
        problems = check_new_versions(files, simple_url, credentials(args.repository_url))
    except PublishError as error:
        problems = [str(error)]
    if problems:
        for problem in problems:
            print(f"publish: error: {problem}", file=sys.stderr)
        print("publish: nothing was uploaded", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "twine", "upload", "--non-interactive", "--repository-url", args.repository_url]
    return subprocess.run([*command, *map(str, files)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
