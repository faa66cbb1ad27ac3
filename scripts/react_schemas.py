"""The react theme's OpenAPI schema and TypeScript types for each of its 8 module combinations.

A react project's ``frontend/openapi.json`` is its ``/api/schema/`` and ``frontend/src/api/schema.d.ts``
openapi-typescript's output for it; both depend on the chosen modules, so quickscale-cli ships one pair
per combination in ``quickscale_cli/react_schemas/<auth[-teams][-billing][-notifications]>/`` and
``quickscale init --theme react`` copies the right one.

    python scripts/react_schemas.py --check                 # openapi.json of each combination is current
    python scripts/react_schemas.py --write --node-modules DIR   # rewrite both files (nox -s react-schemas)

Each schema comes from a project rendered with those modules, in a subprocess (``manage.py api_schema``),
so it is exactly what a generated project serves. Needs every QuickScale package installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from quickscale_cli.template import REACT_SCHEMAS_DIR, Choices, react_combinations, render, schema_key

NAME = "schemaproject"


def project_schema(modules: tuple[str, ...], workdir: Path) -> str:
    """The JSON text of ``/api/schema/`` of a project with ``modules`` (rendered html: the API is the same)."""
    target = workdir / schema_key(modules)
    render(NAME, target, Choices(modules=modules, theme="html"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.test", "PYTHONPATH": str(target)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "api_schema"], cwd=target, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py api_schema failed for {'+'.join(modules)}:\n{result.stderr[-4000:]}")
    return result.stdout


def types_for(schema: Path, output: Path, node_modules: Path) -> None:
    tool = node_modules / ".bin" / "openapi-typescript"
    if not tool.exists():
        raise SystemExit(f"{tool} does not exist: run npm ci in the react overlay's frontend/ first")
    subprocess.run([str(tool), str(schema), "-o", str(output)], check=True, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="fail when a committed openapi.json differs")
    mode.add_argument("--write", action="store_true", help="write openapi.json and schema.d.ts of each combination")
    parser.add_argument("--node-modules", type=Path, help="the frontend's node_modules (for --write)")
    args = parser.parse_args(argv)
    if args.write and args.node_modules is None:
        parser.error("--write needs --node-modules (the frontend's, after npm ci)")
    drifted = []
    with tempfile.TemporaryDirectory(prefix="react-schemas-") as temporary:
        for modules in react_combinations():
            folder = REACT_SCHEMAS_DIR / schema_key(modules)
            text = project_schema(modules, Path(temporary))
            if args.check:
                committed = folder / "openapi.json"
                if not committed.exists() or json.loads(committed.read_text()) != json.loads(text):
                    drifted.append(schema_key(modules))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "openapi.json").write_text(text)
            types_for(folder / "openapi.json", folder / "schema.d.ts", args.node_modules.resolve())
            print(f"wrote {folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder}")
    if drifted:
        print(
            f"the react theme's schemas drifted from the API ({', '.join(drifted)}): "
            "run nox -s react-schemas and commit",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
