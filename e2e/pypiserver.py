"""A throwaway private package index for the end-to-end run: a real pypiserver on 127.0.0.1.

Password auth from an htpasswd file written with passlib, for uploads, downloads and listings
alike (a private index), no fallback to PyPI for unknown names, a free port of its own.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from e2e.postgres import free_port
from e2e.server import background

USERNAME = "agency"
PASSWORD = "e2e-" + "Vq3Lr8Tz1Wm6Ny4Kp0Hs"  # only ever on 127.0.0.1, for the length of one run


@dataclass(frozen=True)
class PackageIndex:
    port: int
    packages: Path
    username: str = USERNAME
    password: str = PASSWORD

    @property
    def url(self) -> str:
        """The upload URL (twine --repository-url)."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def simple_url(self) -> str:
        """The simple index without credentials (pip and uv get a 401 from it)."""
        return f"{self.url}simple/"

    @property
    def authenticated_simple_url(self) -> str:
        """The simple index with the credentials in it, as pip's and uv's --extra-index-url take them."""
        return f"http://{quote(self.username)}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/simple/"

    def twine_env(self, password: str | None = None) -> dict[str, str]:
        return {"TWINE_USERNAME": self.username, "TWINE_PASSWORD": password or self.password}


def write_htpasswd(path: Path, username: str, password: str) -> Path:
    # passlib (what pypiserver itself uses to read the file) imports the stdlib's deprecated crypt module.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'crypt' is deprecated", DeprecationWarning)
        from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]

    htpasswd = HtpasswdFile(str(path), new=True)
    htpasswd.set_password(username, password)
    htpasswd.save()
    return path


@contextlib.contextmanager
def running_index() -> Iterator[PackageIndex]:
    """Start pypiserver (from this interpreter's environment), yield it, stop it and remove its files."""
    root = Path(tempfile.mkdtemp(prefix="qs-index-"))
    packages = root / "packages"
    packages.mkdir()
    htpasswd = write_htpasswd(root / "htpasswd", USERNAME, PASSWORD)
    index = PackageIndex(port=free_port(), packages=packages)
    log = root / "server.log"
    command = [
        sys.executable, "-m", "pypiserver", "run",
        "--host", "127.0.0.1", "--port", str(index.port),
        "--passwords", str(htpasswd), "--authenticate", "update,download,list",
        "--disable-fallback",  # an unknown name is a 404, never a redirect to PyPI
        "--hash-algo", "sha256",
        str(packages),
    ]  # fmt: skip
    try:
        with background(command, root, {}, log, f"{index.url}health", timeout=30):
            yield index
    finally:
        shutil.rmtree(root, ignore_errors=True)


def impostor_wheel(out: Path, name: str, version: str) -> Path:
    """A wheel that claims ``name`` at ``version``, as the predecessor QuickScale line does on PyPI.

    Its module says what it is: ``import quickscale_impostor`` works only where it was installed.
    """
    import base64
    import hashlib
    import zipfile

    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        "quickscale_impostor/__init__.py": f'"""Not ours: {name} {version} from the public index."""\n',
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: 0.8x-style impostor\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    wheel = out / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


@contextlib.contextmanager
def running_public_index(impostors: dict[str, str]) -> Iterator[str]:
    """A stand-in for the public index, yielding its simple URL.

    It carries ``impostors`` (name -> version: wheels of another project under our names, like the
    predecessor QuickScale 0.8x on PyPI) and sends every other name on to PyPI (pypiserver's
    fallback), so Django and the rest install as from the real public index.
    """
    root = Path(tempfile.mkdtemp(prefix="qs-public-index-"))
    packages = root / "packages"
    packages.mkdir()
    for name, version in impostors.items():
        impostor_wheel(packages, name, version)
    port = free_port()
    command = [
        sys.executable, "-m", "pypiserver", "run", "--host", "127.0.0.1", "--port", str(port),
        "--authenticate", ".", "--passwords", ".", "--hash-algo", "sha256", str(packages),
    ]  # fmt: skip
    try:
        with background(command, root, {}, root / "server.log", f"http://127.0.0.1:{port}/health", timeout=30):
            yield f"http://127.0.0.1:{port}/simple/"
    finally:
        shutil.rmtree(root, ignore_errors=True)
