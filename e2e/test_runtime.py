"""The production runtime of one generated project, on real parts (issue 14).

A real PostgreSQL and a real Redis (Debian's redis-server on a port of its own), two gunicorn web
processes and the task workers, all started the way the Docker image starts them (``sh run.sh web``,
``sh run.sh worker``), with the production settings. For each task backend:

- rq: two web processes, two RQ workers, cache and sessions in Redis;
- database: two web processes, one ``db_worker``;
- immediate: two web processes, no worker (tasks run in the request).

The journeys: a user logs in through one web process and carries on through the other; an invitation
sent from the team page is delivered (by a worker, when there is one) to a small local SMTP sink; a
burst of requests through both web processes gives no error. With rq, the process running a task is
killed with SIGKILL in the middle of it: the job lands in RQ's failed registry, the documented
``rq requeue`` puts it back, and the mail is delivered exactly once.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from e2e.harness import SECRET, Project, install, make_venv, run, scaffold
from e2e.postgres import Postgres, free_port
from e2e.server import Sink, background, redis_server, smtp_sink, stop

NAME = "runtime_site"
DEMO_EMAIL, DEMO_PASSWORD = "demo@example.com", "quickscale-demo"
TEAM_SLUG = "demo-team"
BURST_REQUESTS = 120


# -- an HTTP client that keeps its cookies across both web processes -------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Cookies by hand: the production cookies are Secure, and the proxy header says HTTPS."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, base: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
        origin = "https://" + urllib.parse.urlsplit(base).netloc
        headers = {"X-Forwarded-Proto": "https", "Referer": origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode(errors="replace"), dict(response.headers)

    def form(self, base: str, path: str, fields: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        status, page, _ = self.request(base, path)
        assert status == 200, (path, status, page[-2000:])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        return self.request(base, path, {"csrfmiddlewaretoken": html.unescape(token.group(1)), **fields})


# -- the project and its processes -----------------------------------------------------------------


@pytest.fixture(scope="module")
def project(quickscale: Path, wheels: Path, constraints: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One generated project (auth and teams), installed from the wheels with its dependencies."""
    path = scaffold(quickscale, tmp_path_factory.mktemp("runtime"), NAME, "auth,teams", "html")
    python = make_venv(path / ".venv")
    install(python, str(path), wheels=wheels, constraints=constraints)
    return Project(path, NAME, python)


class Runtime:
    def __init__(self, project: Project, env: dict[str, str], webs: list[str], workers: list[subprocess.Popen[bytes]],
                 logs: Path, sink: Sink) -> None:  # fmt: skip
        self.project, self.env, self.webs, self.workers, self.logs, self.sink = project, env, webs, workers, logs, sink

    def shell(self, code: str) -> str:
        """The last line ``code`` prints in ``manage.py shell`` (Django 5.2's shell prints its imports first)."""
        output = self.project.manage("shell", "-c", code, env=self.env, timeout=120)
        return (output.strip().splitlines() or [""])[-1]

    def worker_logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("worker-*.log")))


def connected_to(port: int) -> list[int]:
    """The processes with a TCP connection open to 127.0.0.1:``port`` (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # ESTABLISHED
                    inodes.add(fields[9])
    found = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        with contextlib.suppress(OSError):
            if any(os.readlink(fd).removeprefix("socket:[").rstrip("]") in inodes for fd in fd_dir.iterdir()):
                found.append(int(fd_dir.parent.name))
    return found


@pytest.fixture(scope="module", params=["rq", "database", "immediate"])
def runtime(
    request: pytest.FixtureRequest, project: Project, postgres: Postgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runtime]:
    backend: str = request.param
    logs = tmp_path_factory.mktemp(f"runtime-{backend}")
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(smtp_sink())
        env = {
            "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_STATIC_ROOT": str(project.path / "staticfiles"),
            "DATABASE_URL": postgres.create_database(f"{NAME}_{backend}"),
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "DJANGO_DEFAULT_FROM_EMAIL": "Runtime <noreply@runtime.test>",
            "QUICKSCALE_TEAMS_SITE_URL": "https://runtime.test",
            "TASKS_BACKEND": backend,
            "PYTHONUNBUFFERED": "1",
            "PATH": f"{project.bin}{os.pathsep}{os.environ['PATH']}",
        }
        if backend == "rq":
            redis = stack.enter_context(redis_server(logs))
            env |= {"REDIS_URL": f"{redis}/0", "CACHE_URL": f"{redis}/1"}
        project.manage("migrate", "--noinput", env=env)
        project.manage("collectstatic", "--noinput", env=env)
        project.manage("quickscale_demo", env=env)
        webs = []
        for index in range(2):
            port = free_port()
            web_env = {**env, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port} --workers 2 --access-logfile -"}
            args = ["sh", "run.sh", "web"]
            url = f"http://127.0.0.1:{port}"
            stack.enter_context(background(args, project.path, web_env, logs / f"web-{index}.log", f"{url}/healthz"))
            webs.append(url)
        workers = []
        for index in range({"rq": 2, "database": 1, "immediate": 0}[backend]):
            output = stack.enter_context((logs / f"worker-{index}.log").open("w"))
            process = subprocess.Popen(
                ["sh", "run.sh", "worker"],
                cwd=project.path,
                env={**os.environ, **env},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            stack.callback(stop, process, True)
            workers.append(process)
        yield Runtime(project, env, webs, workers, logs, sink)


def wait_until(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def log_in(runtime: Runtime, web: str) -> Browser:
    browser = Browser()
    status, page, headers = browser.form(web, "/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert status == 302, page[-2000:]
    assert headers["Location"].endswith("/dashboard/")
    return browser


def invite(runtime: Runtime, browser: Browser, web: str, email: str) -> None:
    status, page, _ = browser.form(web, f"/teams/{TEAM_SLUG}/invitations/", {"email": email, "role": "member"})
    assert status == 302, page[-2000:]


# -- the journeys ----------------------------------------------------------------------------------


def test_ready_and_a_session_shared_by_both_web_processes(runtime: Runtime) -> None:
    first, second = runtime.webs
    for web in runtime.webs:
        status, body, _ = Browser().request(web, "/readyz")
        assert status == 200, body
        assert '"queue": "ok"' in body, body
        assert '"cache": "ok"' in body, body
    browser = log_in(runtime, first)

    status, page, _ = browser.request(second, "/dashboard/")

    assert status == 200, page[-2000:]
    assert DEMO_EMAIL in page


def test_an_invitation_sent_from_the_page_is_delivered(runtime: Runtime) -> None:
    first, second = runtime.webs
    browser = log_in(runtime, second)
    address = f"invited-{runtime.env['TASKS_BACKEND']}@example.com"

    invite(runtime, browser, first, address)

    wait_until(lambda: runtime.sink.to(address), 60, f"the invitation to {address}")
    assert len(runtime.sink.to(address)) == 1
    assert "/teams/invitations/" in runtime.sink.to(address)[0]
    if runtime.workers:  # delivered by a worker, not by the web process
        assert "deliver_email" in runtime.worker_logs()


def test_a_burst_through_both_web_processes_has_no_error(runtime: Runtime) -> None:
    browser = log_in(runtime, runtime.webs[0])
    paths = ["/", "/dashboard/", "/readyz", f"/teams/{TEAM_SLUG}/"]

    def one(index: int) -> int:
        copy = Browser()
        copy.cookies = dict(browser.cookies)
        return copy.request(runtime.webs[index % 2], paths[index % len(paths)])[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(BURST_REQUESTS)))

    errors = [status for status in statuses if status != 200]
    assert errors == [], f"{len(errors)} of {BURST_REQUESTS} requests failed: {sorted(set(errors))}"


def test_a_worker_killed_mid_task_loses_nothing(runtime: Runtime) -> None:
    if runtime.env["TASKS_BACKEND"] != "rq":
        pytest.skip("SIGKILL in the middle of a task: the rq workers")
    browser = log_in(runtime, runtime.webs[0])
    address = "killed-mid-task@example.com"
    runtime.sink.delay = 30.0  # the mail server holds its greeting: the task is mid-delivery
    connections = runtime.sink.connections

    invite(runtime, browser, runtime.webs[1], address)
    wait_until(lambda: runtime.sink.connections > connections, 30, "a worker to start delivering")
    # The process running the task is the one talking to the mail server (RQ's work-horse).
    running = [pid for pid in connected_to(runtime.sink.port) if pid != os.getpid()]
    assert len(running) == 1, f"expected one process delivering the mail, found {running}"
    os.kill(running[0], signal.SIGKILL)
    runtime.sink.delay = 0.0

    # RQ's worker sees its work-horse die and moves the job to the failed registry: nothing was sent.
    failed = "import django_rq; print(django_rq.get_queue('default').failed_job_registry.count)"
    wait_until(lambda: runtime.shell(failed).strip() == "1", 60, "the job in the failed registry")
    assert runtime.sink.to(address) == []

    # The documented requeue (docs/scaling-out.md): the job runs again and the mail goes out once.
    run([runtime.project.bin / "rq", "requeue", "--all", "--queue", "default", "--url", runtime.env["REDIS_URL"]])
    wait_until(lambda: runtime.sink.to(address), 60, "the requeued invitation")
    time.sleep(1)
    assert len(runtime.sink.to(address)) == 1
    assert runtime.shell(failed).strip() == "0"
