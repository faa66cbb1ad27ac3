"""Migrate a database, then print its schema as JSON: ``python -m tests.schema_dump`` (test_djstripe_migrations.py).

``QS_SCHEMA_DATABASE`` is the JSON of ``DATABASES["default"]``; ``QS_SCHEMA_MIGRATIONS`` is ``squash``
(billing's ``MIGRATION_MODULES["djstripe"]``) or ``djstripe`` (dj-stripe's own migrations).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def schema(connection: Any) -> dict[str, Any]:
    """Every table: its columns (type, null, size) and constraints (columns, kind, target), by name."""
    result: dict[str, Any] = {}
    with connection.cursor() as cursor:
        introspection = connection.introspection
        for table in sorted(introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            columns = {
                column.name: {
                    "type": introspection.get_field_type(column.type_code, column),
                    "null": bool(column.null_ok),
                    "size": column.internal_size if connection.vendor == "postgresql" else None,
                    "default": getattr(column, "default", None),
                    "collation": getattr(column, "collation", None),
                }
                for column in introspection.get_table_description(cursor, table)
            }
            constraints = {
                name: {
                    "columns": list(details["columns"] or []),
                    "primary_key": details["primary_key"],
                    "unique": details["unique"],
                    "foreign_key": list(details["foreign_key"] or []),
                    "check": details["check"],
                    "index": details["index"],
                    "type": details.get("type"),
                    "orders": details.get("orders"),
                }
                for name, details in introspection.get_constraints(cursor, table).items()
            }
            result[table] = {"columns": columns, "constraints": constraints}
    return result


def main() -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.schema_settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    json.dump(schema(connection), sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
