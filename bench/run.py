"""QuickScale benchmarks, side by side with bare Django, measured in the same run.

Run with ``nox -s bench`` (``-- --write-docs`` also rewrites docs/performance.md).
Writes bench/results/latest.json and prints a markdown table. Targets are ratios
against a baseline measured in the same run, because these machines are shared
and noisy; absolute times are reported, never used as targets.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tasks import bench_tasks  # noqa: E402
from e2e.harness import (  # noqa: E402
    SECRET,
    build_wheels,
    install,
    make_venv,
    run,
    write_constraints,
)
from e2e.server import gunicorn  # noqa: E402

ALL = "auth,teams,billing"
RESULTS = ROOT / "bench" / "results" / "latest.json"
DOC = ROOT / "docs" / "performance.md"
WRK_SECONDS = int(os.environ.get("QS_BENCH_WRK_SECONDS", "5"))
WORKERS = 2

BARE_VIEW = """
from django.shortcuts import render


def page(request):
    return render(request, "page.html", {"title": "Welcome", "items": range(12)})
"""
BARE_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title></head>
<body><header><nav><a href="/">Home</a> <a href="/login/">Log in</a></nav></header>
<main><h1>{{ title }}</h1>{% for item in items %}<p>Paragraph {{ item }} of a plain page.</p>{% endfor %}
<form method="post">{% csrf_token %}<button>Send</button></form></main></body></html>
"""


def median_time(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    run(command, cwd=cwd, env=env)
    return time.perf_counter() - started


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator else float("nan")


# --- 1. scaffold -------------------------------------------------------------------------------


def bench_scaffold(bin_dir: Path, work: Path, runs: int = 7) -> dict[str, Any]:
    ours, bare = [], []
    for index in range(runs):
        target = work / f"scaffold{index}"
        target.mkdir()
        # Alternate the two so that machine noise hits both alike.
        ours.append(
            median_time([str(bin_dir / "quickscale"), "init", "qs_site", "--modules", ALL, "--no-input"], target)
        )
        bare.append(median_time([str(bin_dir / "django-admin"), "startproject", "bare_site"], target))
    result = {"quickscale_init_s": statistics.median(ours), "startproject_s": statistics.median(bare)}
    result["ratio"] = ratio(result["quickscale_init_s"], result["startproject_s"])
    result["target"] = "<= 2.0"
    result["met"] = result["ratio"] <= 2.0
    return result


# --- projects ----------------------------------------------------------------------------------


def make_bare_project(python: Path, work: Path) -> Path:
    run([str(python.parent / "django-admin"), "startproject", "bare_site"], cwd=work)
    project = work / "bare_site"
    package = project / "bare_site"
    (package / "views.py").write_text(BARE_VIEW)
    (package / "templates").mkdir()
    (package / "templates" / "page.html").write_text(BARE_TEMPLATE)
    settings = package / "settings.py"
    text = settings.read_text()
    text = text.replace("DEBUG = True", "DEBUG = False").replace("ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["*"]')
    text = text.replace("'DIRS': [],", "'DIRS': [BASE_DIR / 'bare_site' / 'templates'],")
    text = text.replace('"DIRS": [],', '"DIRS": [BASE_DIR / "bare_site" / "templates"],')
    settings.write_text(text)
    urls = package / "urls.py"
    urls.write_text(
        urls.read_text().replace("from django.urls import path", "from django.urls import path\nfrom . import views")
        + "\nurlpatterns += [path('', views.page), path('healthz', views.page)]\n"
    )
    run([str(python), "manage.py", "migrate", "--noinput"], cwd=project)
    return project


def project_env(database: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SECRET_KEY": SECRET,
        # testserver: Django's test client, used by the queries and webhook measurements.
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Webhooks and mail processed inside the request, as measured before tasks (bench/tasks.py compares).
        "TASKS_BACKEND": "immediate",
        # Test-mode key shapes for the webhook measurement (a local fake answers Stripe's API there).
        "STRIPE_SECRET_KEY": "sk_test_" + "Bench0" * 5,
        "STRIPE_PUBLIC_KEY": "pk_test_" + "Bench0" * 5,
        "STRIPE_WEBHOOK_SECRET": "whsec_bench_secret",
    }


# --- 2. cold start -----------------------------------------------------------------------------


def bench_cold_start(python: Path, full: Path, bare: Path, env: dict[str, str], runs: int = 5) -> dict[str, Any]:
    ours, theirs, imports = [], [], []
    for _ in range(runs):
        ours.append(median_time([str(python), "manage.py", "check"], full, env))
        theirs.append(median_time([str(python), "manage.py", "check"], bare))
        output = run([str(python), "-X", "importtime", "-c", "import quickscale_core.settings"], cwd=full, env=env)
        cumulative = [
            int(line.split("|")[1])
            for line in output.stderr.splitlines()
            if line.rstrip().endswith("quickscale_core.settings") and "|" in line
        ]
        imports.append(cumulative[-1] / 1e6 if cumulative else float("nan"))
    result = {
        "check_all_modules_s": statistics.median(ours),
        "check_bare_s": statistics.median(theirs),
        "import_quickscale_core_settings_s": statistics.median(imports),
    }
    result["ratio"] = ratio(result["check_all_modules_s"], result["check_bare_s"])
    return result


# --- 3 and 5. serving and memory ---------------------------------------------------------------


@contextlib.contextmanager
def serve(python: Path, project: Path, module: str, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    with gunicorn(project, python, module, env, log, workers=WORKERS, host="127.0.0.1") as server:
        yield server.url, server.pid


def wrk(url: str, cookie: str | None = None) -> dict[str, Any]:
    command = ["wrk", "-t1", "-c8", f"-d{WRK_SECONDS}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = run(command).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, output)
        if match:
            errors += sum(int(group) for group in match.groups())
    return {"rps": rps, "p50_ms": latency(output, "50%"), "p99_ms": latency(output, "99%"), "errors": errors}


def latency(output: str, percentile: str) -> float:
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 3)


def worker_rss_mib(master: int) -> float:
    children = run(["pgrep", "-P", str(master)]).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return round(max(sizes), 1) if sizes else float("nan")


def fetch_status(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


LOGIN_SCRIPT = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(email="demo@example.com"))
print("sessionid=" + client.cookies["sessionid"].value)
"""


def bench_serving(python: Path, full: Path, bare: Path, env: dict[str, str], work: Path) -> dict[str, Any]:
    # ``manage.py shell`` may print a banner first: the answer is the last line.
    cookie = run([str(python), "manage.py", "shell", "-c", LOGIN_SCRIPT], cwd=full, env=env).stdout.splitlines()[-1]
    team_slug = run(
        [
            str(python),
            "manage.py",
            "shell",
            "-c",
            "from quickscale_modules.teams.models import Team; print(Team.objects.get(name='Demo Team').slug)",
        ],
        cwd=full,
        env=env,
    ).stdout.splitlines()[-1]
    pages = {
        "home": ("/", None),
        "login": ("/accounts/login/", None),
        "dashboard": ("/dashboard/", cookie),
        "team members": (f"/teams/{team_slug}/members/", cookie),
        "API list (/api/teams/)": ("/api/teams/", cookie),
    }
    results: dict[str, Any] = {"workers": WORKERS, "seconds_per_page": WRK_SECONDS, "pages": {}}
    with serve(python, bare, "bare_site", {}, work / "bare.log") as (base, master):
        wrk(base + "/")  # warm-up
        results["bare"] = wrk(base + "/")
        results["rss_bare_mib"] = worker_rss_mib(master)
    with serve(python, full, "qs_full", env, work / "full.log") as (base, master):
        for name, (path, page_cookie) in pages.items():
            status = fetch_status(base + path, page_cookie)
            if status != 200:
                raise AssertionError(f"{path} answered {status}, not 200: the benchmark would measure an error page")
            wrk(base + path, page_cookie)  # warm-up
            figures = wrk(base + path, page_cookie)
            figures["ratio_to_bare"] = ratio(figures["rps"], results["bare"]["rps"])
            results["pages"][name] = figures
        results["rss_all_modules_mib"] = worker_rss_mib(master)
    results["rss_ratio"] = ratio(results["rss_all_modules_mib"], results["rss_bare_mib"])
    home = results["pages"]["home"]
    errors = sum(page["errors"] for page in results["pages"].values()) + results["bare"]["errors"]
    results["target"] = "home >= 0.9x bare; zero errors"
    results["met"] = home["ratio_to_bare"] >= 0.9 and errors == 0
    return results


# --- 4. queries per page -----------------------------------------------------------------------

QUERIES_SCRIPT = r"""
import json
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership

User = get_user_model()
owner = User.objects.get(email="demo@example.com")
counts = {}
for size in (5, 500):
    team = services.create_team(owner=owner, name=f"Bench {size}")
    users = User.objects.bulk_create(
        [User(email=f"bench{size}-{n}@example.com") for n in range(size - 1)]
    )
    Membership.objects.bulk_create([Membership(team=team, user=u, role="member") for u in users])
    client = Client()
    client.force_login(owner)
    pages = {
        "home": "/",
        "dashboard": "/dashboard/",
        "teams list": "/teams/",
        "team members": f"/teams/{team.slug}/members/",
        "team invitations": f"/teams/{team.slug}/invitations/",
        "profile": "/accounts/profile/",
        "pricing": "/billing/pricing/",
        "billing": "/billing/",
        "API teams": "/api/teams/",
    }
    for name, path in pages.items():
        client.get(path)  # warm-up: per-process caches (content types, sites) are filled once
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts.setdefault(name, {})[size] = {"queries": len(queries), "status": status}
print(json.dumps(counts))
"""


def bench_queries(python: Path, full: Path, env: dict[str, str]) -> dict[str, Any]:
    output = run([str(python), "manage.py", "shell", "-c", QUERIES_SCRIPT], cwd=full, env=env).stdout
    counts = json.loads(output.strip().splitlines()[-1])
    pages = {
        name: {"5": sizes["5"]["queries"], "500": sizes["500"]["queries"], "status": sizes["500"]["status"]}
        for name, sizes in counts.items()
    }
    broken = {name: page["status"] for name, page in pages.items() if page["status"] != 200}
    if broken:
        raise AssertionError(f"pages that did not answer 200, so their query counts mean nothing: {broken}")
    constant = all(page["5"] == page["500"] for page in pages.values())
    return {"pages": pages, "constant": constant, "target": "constant", "met": constant}


# --- 6. zero to running ------------------------------------------------------------------------


def bench_zero_to_running(
    quickscale: Path, wheels: Path, constraints: Path, work: Path, env: dict[str, str]
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for label, modules in (("with billing", ALL), ("without billing", "auth,teams")):
        for installer in ("uv", "pip"):
            folder = work / f"zero-{installer}-{label.replace(' ', '-')}"
            folder.mkdir()
            started = time.perf_counter()
            run([str(quickscale), "init", "zero_site", "--modules", modules, "--no-input"], cwd=folder)
            project = folder / "zero_site"
            python = make_venv(project / ".venv")
            if installer == "uv":
                install(python, ".", wheels=wheels, constraints=constraints, cwd=project)
            else:
                run([str(python), "-m", "ensurepip", "--upgrade"], cwd=project)
                run(
                    [
                        str(python),
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--find-links",
                        str(wheels),
                        "-c",
                        str(constraints),
                        ".",
                    ],
                    cwd=project,
                    timeout=1200,
                )
            installed = time.perf_counter()
            database = folder / "db.sqlite3"
            zero_env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
            run([str(python), "manage.py", "migrate", "--noinput"], cwd=project, env=zero_env)
            migrated = time.perf_counter()
            run([str(python), "manage.py", "collectstatic", "--noinput"], cwd=project, env=zero_env)
            with serve(python, project, "zero_site", zero_env, folder / "gunicorn.log"):
                first_200 = time.perf_counter()
            results[f"{label}, {installer}"] = {
                "install_s": round(installed - started, 1),
                "migrate_s": round(migrated - installed, 1),
                "total_to_first_200_s": round(first_200 - started, 1),
            }
    return results


# --- 7. webhooks -------------------------------------------------------------------------------

#: Run in the project's ``manage.py shell``: the benchmark of bench/webhooks.py, then its one JSON line.
WEBHOOK_SCRIPT = (ROOT / "bench" / "webhooks.py").read_text() + "\nreport(events=200)\n"


def bench_webhooks(python: Path, full: Path, env: dict[str, str]) -> dict[str, Any]:
    output = run([str(python), "manage.py", "shell", "-c", WEBHOOK_SCRIPT], cwd=full, env=env).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


# --- report ------------------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    scaffold, cold, serving = results["scaffold"], results["cold_start"], results["serving"]
    lines = [
        "| measure | QuickScale (all modules) | bare Django | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| scaffold (median of 7) | {scaffold['quickscale_init_s']:.3f} s | {scaffold['startproject_s']:.3f} s "
        f"| {scaffold['ratio']} | <= 2.0 | {'yes' if scaffold['met'] else 'NO'} |",
        f"| `manage.py check` | {cold['check_all_modules_s']:.2f} s | {cold['check_bare_s']:.2f} s "
        f"| {cold['ratio']} | report | |",
        f"| import `quickscale_core.settings` | {cold['import_quickscale_core_settings_s'] * 1000:.0f} ms "
        "| | | report | |",
    ]
    bare = serving["bare"]
    for name, page in serving["pages"].items():
        met = "" if name != "home" else ("yes" if page["ratio_to_bare"] >= 0.9 else "NO")
        lines.append(
            f"| {name}: req/s, p50, p99, errors | {page['rps']:.0f}, {page['p50_ms']} ms, {page['p99_ms']} ms, "
            f"{page['errors']} | {bare['rps']:.0f}, {bare['p50_ms']} ms, {bare['p99_ms']} ms, {bare['errors']} "
            f"| {page['ratio_to_bare']} | {'>= 0.9, 0 errors' if name == 'home' else 'report'} | {met} |"
        )
    lines.append(
        f"| worker RSS after warm-up | {serving['rss_all_modules_mib']} MiB | {serving['rss_bare_mib']} MiB "
        f"| {serving['rss_ratio']} | report | |"
    )
    queries = results["queries"]
    lines += [
        "",
        "Queries per page (team of 5 vs 500 members):",
        "",
        "| page | 5 | 500 | status |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {page['5']} | {page['500']} | {page['status']} |" for name, page in queries["pages"].items()]
    lines += ["", "Zero to running (fresh venv, install from local wheels, migrate, first 200 from /healthz):", ""]
    lines += ["| project, installer | install | migrate | total to first 200 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {name} | {row['install_s']} s | {row['migrate_s']} s | {row['total_to_first_200_s']} s |"
        for name, row in results["zero_to_running"].items()
    ]
    webhooks = results["webhooks"]
    lines += [
        "",
        f"Webhooks: {webhooks.get('events_per_second', webhooks)} events/s processed "
        f"({webhooks.get('events', '?')} signed events through the real webhook URL).",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-docs", action="store_true", help="rewrite docs/performance.md with the table")
    parser.add_argument("--report-only", action="store_true", help="print (and write) the table of latest.json")
    args = parser.parse_args()
    if args.report_only:
        results = json.loads(RESULTS.read_text())
        print(table(results))
        if args.write_docs:
            write_docs(results)
        return 0
    for tool in ("wrk", "pgrep"):
        if not shutil.which(tool):
            print(f"{tool} is missing: apt-get install {'wrk' if tool == 'wrk' else 'procps'}", file=sys.stderr)
            return 1
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="qs-bench-"))
    wheels = build_wheels(work / "wheels")
    constraints = write_constraints(wheels, work / "constraints.txt")
    python = make_venv(work / "venv")
    install(python, "quickscale-cli", "gunicorn", wheels=wheels, constraints=constraints)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    scaffold_dir = work / "scaffold"
    scaffold_dir.mkdir()
    results["scaffold"] = bench_scaffold(python.parent, scaffold_dir)

    run([str(python.parent / "quickscale"), "init", "qs_full", "--modules", ALL, "--no-input"], cwd=work)
    full = work / "qs_full"
    install(python, "-e", str(full), wheels=wheels, constraints=constraints)
    env = {**project_env(work / "full.sqlite3"), "DJANGO_SETTINGS_MODULE": "qs_full.settings.production"}
    run([str(python), "manage.py", "migrate", "--noinput"], cwd=full, env=env)
    run([str(python), "manage.py", "collectstatic", "--noinput"], cwd=full, env=env)
    run([str(python), "manage.py", "quickscale_demo"], cwd=full, env=env)
    bare = make_bare_project(python, work)

    results["cold_start"] = bench_cold_start(python, full, bare, env)
    results["serving"] = bench_serving(python, full, bare, env, work)
    results["queries"] = bench_queries(python, full, env)
    results["webhooks"] = bench_webhooks(python, full, env)
    results["tasks"] = bench_tasks(python, full, env, work)  # bench/tasks.py: queues and pages that send mail
    results["zero_to_running"] = bench_zero_to_running(
        python.parent / "quickscale", wheels, constraints, work, project_env(work / "unused.sqlite3")
    )
    results["duration_s"] = round(time.perf_counter() - started, 1)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    report = table(results)
    print(report)
    print(f"\nMachine: {results['machine']}; date {results['date']}; the run took {results['duration_s']} s.")
    if args.write_docs:
        write_docs(results)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def write_docs(results: dict[str, Any]) -> None:
    """Replace the measured part of docs/performance.md (between the bench markers)."""
    text = DOC.read_text() if DOC.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    head = text.split(start)[0] if start in text else text
    tail = text.split(end, 1)[1] if end in text else "\n"
    DOC.write_text(
        f"{head}{start}\nMeasured by `nox -s bench` on {results['date']} ({results['machine']}), "
        f"{results['duration_s']} s:\n\n{table(results)}\n{end}{tail}"
    )


if __name__ == "__main__":
    sys.exit(main())
