"""``manage.py api_schema [PATH] [--check]``: the project's OpenAPI schema as JSON, or the drift check.

``manage.py api_schema frontend/openapi.json`` writes what ``/api/schema/`` serves (as JSON, two-space
indent); ``--check`` compares the file with it instead and fails with one line when they differ. With
the front end's ``npm run api:check`` (the TypeScript types against openapi.json) it keeps a typed
client in step with the API: the generated CI runs both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def project_schema() -> dict[str, Any]:
    """The schema ``/api/schema/`` serves (drf-spectacular, public, no request)."""
    try:
        from drf_spectacular.generators import SchemaGenerator
    except ImportError:  # pragma: no cover - the "api" extra is part of every module's install
        raise CommandError("drf-spectacular is not installed: pip install 'quickscale-core[api]'") from None
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]  # drf-spectacular ships no types
    schema: dict[str, Any] = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return schema


def schema_json(schema: dict[str, Any]) -> str:
    """The file's text: the schema as JSON, two-space indent, keys in the generator's order, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the project's OpenAPI schema as JSON (to PATH or stdout), or --check PATH against it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="The file to write (or to check); stdout when omitted.")
        parser.add_argument(
            "--check", action="store_true", help="Fail when PATH differs from the schema instead of writing it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]) if options["path"] else None
        text = schema_json(project_schema())
        if options["check"]:
            if path is None:
                raise CommandError("--check needs the file to compare, e.g. api_schema --check frontend/openapi.json")
            try:
                committed = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise CommandError(f"{path} does not exist: write it with manage.py api_schema {path}") from None
            except ValueError as error:
                raise CommandError(f"{path} is not JSON ({error}): write it with manage.py api_schema {path}") from None
            if committed != json.loads(text):
                raise CommandError(
                    f"{path} differs from the project's API schema: run manage.py api_schema {path}, then "
                    "npm run api:types in frontend/, and commit both"
                )
            self.stdout.write(f"{path} matches the project's API schema.")
            return
        if path is None:
            self.stdout.write(text, ending="")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
