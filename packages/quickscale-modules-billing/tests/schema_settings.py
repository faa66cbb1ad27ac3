"""Settings of tests/schema_dump.py: the billing test settings on the database it is given."""

import json
import os

from tests.settings import *  # noqa: F403

DATABASES = {"default": json.loads(os.environ["QS_SCHEMA_DATABASE"])}
if os.environ["QS_SCHEMA_MIGRATIONS"] == "djstripe":
    MIGRATION_MODULES = {key: value for key, value in MIGRATION_MODULES.items() if key != "djstripe"}  # noqa: F405
