"""schemathesis hooks of the API fuzz (``SCHEMATHESIS_HOOKS=e2e.fuzz.hooks``).

The session cookie is the schema's ``cookieAuth`` security scheme (schemathesis.toml here), so
schemathesis also sends requests without it (they must be refused). Django's CSRF check needs the
``csrftoken`` cookie beside the ``X-CSRFToken`` header: it is added to every request here, as a browser
sends every cookie of the site.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    case.cookies = {**(case.cookies or {}), "csrftoken": os.environ["QS_FUZZ_CSRF_TOKEN"]}
