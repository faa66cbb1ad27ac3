"""The API fuzz (``nox -s fuzz``): schemathesis over every operation of ``/api/schema/``.

A project with every module, scaffolded from the built wheels, runs under gunicorn with production
settings on PostgreSQL, with the demo data and the billing module's Stripe stand-in (so checkout and
portal sessions are fuzzed too). The fuzzer signs in as the demo user (session cookie + CSRF header,
as the site's own JavaScript does) and runs every phase (examples, coverage, fuzzing, stateful, the
last one walking the schema's OpenAPI links) with a fixed seed and a time budget. It fails on a
server error, a status code the schema does not list, a response that does not match its schema, a
request the schema forbids that the API accepts, and a request the schema allows that it refuses.

The reports (JUnit XML, schemathesis's JSON and NDJSON events, the console output) go to
artifacts/fuzz/. ``QS_FUZZ_SECONDS`` and ``QS_FUZZ_SEED`` change the budget and the seed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

from e2e.harness import ROOT, SECRET, installed_project, run
from e2e.postgres import Postgres, free_port
from e2e.server import background, gunicorn

FUZZ = Path(__file__).resolve().parent / "fuzz"  # schemathesis's config and hooks
NAME = "fuzz_site"
MODULES = "auth,teams,billing,notifications"
DEMO_EMAIL, DEMO_PASSWORD = "demo@example.com", "quickscale-demo"
SEED = int(os.environ.get("QS_FUZZ_SEED", "17"))
#: Fuzzing and the stateful phase repeat until this is spent (the whole run stays within ~5 minutes).
SECONDS = int(os.environ.get("QS_FUZZ_SECONDS", "200"))
PHASES = "examples,coverage,fuzzing,stateful"
#: What a failure is: each check is one kind of broken contract.
CHECKS = ",".join(
    [
        "not_a_server_error",  # any 5xx
        "status_code_conformance",  # a status the operation does not document
        "content_type_conformance",  # a body of another media type than documented
        "response_schema_conformance",  # a body that does not match its documented schema
        "negative_data_rejection",  # a request the schema forbids, accepted
        "positive_data_acceptance",  # a request the schema allows, refused
    ]
)


@dataclass(frozen=True)
class Api:
    base: str
    cookies: dict[str, str]
    log: Path


def fuzz_artifacts(artifacts: Path) -> Path:
    folder = artifacts if artifacts.name == "fuzz" else artifacts / "fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _Cookies(urllib.request.BaseHandler):
    """Keeps every cookie the site sets, ``Secure`` ones too: the production settings mark them Secure
    and the fuzz talks plain HTTP to 127.0.0.1 (a browser's cookie jar would drop them)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        if self.cookies:
            request.add_unredirected_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return request

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response


def log_in(base: str, email: str, password: str) -> dict[str, str]:
    """Sign in through the login page as a browser does; the session and CSRF cookies."""
    jar = _Cookies()
    opener = urllib.request.build_opener(jar)
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the login page has no csrfmiddlewaretoken field"
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "login": email, "password": password})
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form.encode(), headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request, timeout=30) as response:
        response.read()
    cookies = jar.cookies
    assert "sessionid" in cookies, f"signing in as {email} did not set a session cookie: {sorted(cookies)}"
    return cookies


@pytest.fixture(scope="module")
def api(
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Api]:
    workdir = tmp_path_factory.mktemp("fuzz")
    project = installed_project(quickscale, workdir, NAME, MODULES, "html", wheels=wheels, constraints=constraints)
    path, python = project.path, project.python
    port, stripe_port = free_port(), free_port()
    logs = fuzz_artifacts(artifacts)
    env = {
        **project.env_example(),
        "DATABASE_URL": postgres.create_database(NAME, template=migrated.get(MODULES)),
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production",
        # gunicorn answers a request line over 4094 bytes with its own 414 page before Django sees it (the
        # stateful phase builds such URLs). That limit is the HTTP server's (and the proxy's), not the
        # API's contract: lifted here so every request reaches the API.
        "GUNICORN_CMD_ARGS": "--limit-request-line 0",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": f"filemail://{workdir / 'mail'}",
        # The billing module's Stripe stand-in (scripts/demo does the same): test-mode keys of the right shape.
        "STRIPE_API_HOST": f"http://127.0.0.1:{stripe_port}",
        "STRIPE_WEBHOOK_SECRET": "whsec_e2e_fuzz_secret",
        "STRIPE_SECRET_KEY": "sk_test_" + "e2eFuzz0" * 4,
        "STRIPE_PUBLIC_KEY": "pk_test_" + "e2eFuzz0" * 4,
        "QUICKSCALE_TEAMS_SITE_URL": f"http://127.0.0.1:{port}",
        "PATH": f"{python.parent}:/usr/bin:/bin",
    }
    (workdir / "mail").mkdir()
    project.manage("migrate", "--noinput", env=env)
    migrated.setdefault(MODULES, NAME)
    project.manage("collectstatic", "--noinput", env=env)
    project.manage("quickscale_demo", env=env)  # the demo user, their team, the plans and prices
    stand_in = [
        str(python), "manage.py", "billing_stand_in", "--webhook-url", f"http://127.0.0.1:{port}/billing/webhook/",
        "--state", str(workdir / "stripe-stand-in.json"),
    ]  # fmt: skip
    with (
        background(
            stand_in,
            path,
            env,
            logs / "stripe-stand-in.log",
            f"http://127.0.0.1:{stripe_port}/",
            accept_any_status=True,  # the stand-in answers "/" with Stripe's 404 error object: it is up
        ),  # fmt: skip
        gunicorn(path, python, NAME, env, logs / "gunicorn.log", port=port, host="127.0.0.1") as server,
    ):
        yield Api(server.url, log_in(server.url, DEMO_EMAIL, DEMO_PASSWORD), logs / "gunicorn.log")


def schemathesis() -> str:
    """The ``schemathesis`` of the nox session's environment (pinned in noxfile.py)."""
    found = Path(sys.executable).parent / "schemathesis"
    if found.exists():
        return str(found)
    on_path = shutil.which("schemathesis")
    if not on_path:
        raise RuntimeError("schemathesis is not installed: run the fuzz with nox -s fuzz (it pins the version).")
    return on_path


def operations_of(schema: dict[str, object]) -> list[str]:
    methods = {"get", "put", "post", "patch", "delete", "options", "head", "trace"}
    paths = schema["paths"]
    assert isinstance(paths, dict)
    return sorted(f"{method.upper()} {path}" for path, item in paths.items() for method in item if method in methods)


def schemathesis_args(api: Api, reports: Path) -> list[str]:
    options = {
        "--url": api.base,
        "--header": f"X-CSRFToken: {api.cookies['csrftoken']}",
        "--phases": PHASES,
        "--checks": CHECKS,
        "--seed": str(SEED),
        "--max-time": str(SECONDS),
        "--workers": "1",
        "--request-timeout": "30",
        "--suppress-health-check": "all",
        "--generation-database": "none",
        "--report": "junit,json,ndjson",
        "--report-dir": str(reports),
        "--report-junit-path": str(reports / "schemathesis-junit.xml"),
        "--report-json-path": str(reports / "schemathesis-report.json"),
        "--report-ndjson-path": str(reports / "schemathesis-events.ndjson"),
    }
    config = ["--config-file", str(FUZZ / "schemathesis.toml"), "--no-color"]
    return [*config, "run", f"{api.base}/api/schema/?format=json", *(part for item in options.items() for part in item)]


def test_every_operation_keeps_its_contract(api: Api, artifacts: Path) -> None:
    reports = fuzz_artifacts(artifacts)
    for stale in reports.glob("schemathesis*"):
        stale.unlink()
    with urllib.request.urlopen(f"{api.base}/api/schema/?format=json", timeout=30) as response:
        schema = json.loads(response.read())
    (reports / "schema.json").write_text(json.dumps(schema, indent=1))
    operations = operations_of(schema)
    env = {
        "NO_COLOR": "1",
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "e2e.fuzz.hooks",  # the CSRF cookie on every request
        "QS_FUZZ_SESSIONID": api.cookies["sessionid"],  # the cookieAuth value of schemathesis.toml
        "QS_FUZZ_CSRF_TOKEN": api.cookies["csrftoken"],
    }
    result = run([schemathesis(), *schemathesis_args(api, reports)], cwd=ROOT, env=env, timeout=SECONDS + 300,
                 check=False)  # fmt: skip
    output = result.stdout + result.stderr
    (reports / "schemathesis.txt").write_text(output)
    print(output[-6000:])
    assert len(operations) >= 25, f"the schema lists only {len(operations)} operations: {operations}"
    assert result.returncode == 0, (
        f"schemathesis found broken contracts (exit {result.returncode}); the report is in {reports}:\n"
        + output[-8000:]
    )
    tested = re.search(r"Selected: (\d+)/(\d+)\s+Tested: (\d+)", output)
    assert tested, "schemathesis printed no operation count"
    assert tested.group(1) == tested.group(2) == tested.group(3) == str(len(operations)), (
        f"not every operation was fuzzed ({tested.group(0)!r}; the schema has {len(operations)})"
    )
    cases = re.search(r"(\d+) generated", output)
    print(f"fuzzed {len(operations)} operations with {cases.group(1) if cases else '?'} generated cases")
