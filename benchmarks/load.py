"""Load benchmark: CourseHub under gunicorn on SQLite and PostgreSQL, against a ceiling.

    .venv/bin/python benchmarks/load.py            # or: make bench-load
    .venv/bin/python benchmarks/load.py --duration 20 --skip-postgres

For each database it builds a fresh database (SQLite file in a temporary
folder; PostgreSQL database ``coursehub_bench``, dropped and created), imports
the five modules (with unlimited quiz attempts), creates 50 learners, starts
gunicorn with ``gunicorn.conf.py`` on a random port of 127.0.0.1, and runs two
phases from a separate load-generator process (benchmarks/loadgen.py):

- lessons: 50 signed-in learners read lesson pages back to back;
- journey: 50 learners read a module's lessons, open the quiz, submit it and
  open the result.

The ceiling is a minimal Flask app serving a page of the same size from memory
under the same gunicorn settings. The floor (benchmarks/floor_app.py, also
under those settings, on each database in turn) serves that page after doing
only what the stack needs for a recorded view: Flask-Login loading the learner
through Flask-SQLAlchemy, a CSRF token, one row written; it shows what share
of the ceiling the stack itself leaves (``--floors`` also measures its lighter
modes). Printed:
throughput, p50/p95/p99 latency and errors per request kind, the ratio of
lesson throughput to the ceiling (and to the floor), and the footprint
(resident memory per worker after the load, module import time, cold start to
first response), each checked against its budget.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/coursehub_bench"
BUDGET = {"ratio": 0.60, "page_p99": 0.150, "submit_p99": 0.300, "rss_mb": 120,
          "import_s": 3.0, "cold_start_s": 2.0}
FLOOR_MODES = ("login", "raw-write", "orm-read", "stack")  # benchmarks/floor_app.py


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(database_url: str, secret: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=secret,
               RATELIMIT_STORAGE_URI="memory://", GUNICORN_LOG_LEVEL="warning")
    env.pop("GUNICORN_ACCESS_LOG", None)
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def bench_modules(workdir: Path) -> Path:
    """A copy of modules/ with unlimited quiz attempts, so every submission is graded."""
    target = workdir / "modules"
    shutil.copytree(ROOT / "modules", target)
    for toml in target.glob("*/module.toml"):
        toml.write_text(re.sub(r"(?m)^max_attempts\s*=\s*\d+", "max_attempts = 0",
                               toml.read_text()))
    return target


def create_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if name in (None, "test", "postgres"):
        raise SystemExit(f"refusing to use the database {name!r}: choose a dedicated one")
    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def prepare(database_url: str, modules: Path, secret: str, args) -> tuple[float, list[str]]:
    """Migrate, import (timed, a fresh process as an admin would run it), create learners.

    Returns (seconds taken by ``coursehub import``, session cookies of the learners).
    """
    env = _env(database_url, secret, args)
    _run([BIN / "coursehub", "db", "upgrade"], env)
    started = time.perf_counter()
    _run([BIN / "coursehub", "import", str(modules)], env)
    import_seconds = time.perf_counter() - started
    return import_seconds, _learner_cookies(database_url, secret, args.users)


class BenchError(Exception):
    """A step of the benchmark failed; the other databases are still measured."""


def _run(command: list, env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BenchError(f"{' '.join(map(str, command[1:]))} failed: "
                         f"{done.stderr.strip().splitlines()[-1:]}")


def _learner_cookies(database_url: str, secret: str, count: int) -> list[str]:
    """Create ``count`` learners and a signed session cookie for each (no login round trips,
    which the sign-in rate limit would rightly refuse at this pace from one address)."""
    from coursehub import create_app
    from coursehub.accounts.services import create_or_update_user
    from coursehub.core.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret})
    serializer = app.session_interface.get_signing_serializer(app)
    cookies = []
    with app.app_context():
        for number in range(count):
            user, _ = create_or_update_user(
                email=f"learner{number}@bench.example.org", password="bench-password-1234",
                name=f"Learner {number}", role="learner", justice_role="judge", country="UY")
            db.session.flush()
            cookies.append(serializer.dumps({"_user_id": user.get_id(), "_fresh": True}))
        db.session.commit()
        db.engine.dispose()
    return cookies


class Server:
    """gunicorn with gunicorn.conf.py on a random port; measures its cold start."""

    def __init__(self, app_path: str, env: dict, probe: str = "/modules/") -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--pythonpath", str(ROOT / "benchmarks"),
             app_path], cwd=ROOT, env=env)
        self.cold_start = self._wait(probe) - started

    def _wait(self, probe: str) -> float:
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise BenchError("gunicorn exited during start-up")
            try:
                with urllib.request.urlopen(self.url + probe, timeout=2):
                    return time.perf_counter()
            except OSError:
                time.sleep(0.01)
        raise BenchError("gunicorn did not answer within 30 s")

    def _workers(self) -> list[str]:
        pid = self.process.pid
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers (user + system).

        Workers recycled by ``max_requests`` count through the master's
        cutime/cstime (time of children it has reaped).
        """
        total = 0
        for pid in [str(self.process.pid), *self._workers()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            if pid == str(self.process.pid):
                total += int(fields[13]) + int(fields[14])  # cutime, cstime
        return total / os.sysconf("SC_CLK_TCK")

    def measure(self, scenario: str, args, cookies=(), modules=()) -> dict:
        """Run a load phase; add the server's CPU milliseconds per request to its stats."""
        before = self.cpu_seconds()
        stats = generate_load(self.url, scenario, args, cookies, modules)
        requests = sum(row["count"] for row in stats["kinds"].values()) or 1
        stats["cpu_ms_per_request"] = (self.cpu_seconds() - before) * 1000 / requests
        return stats

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for child in self._workers():
            status = Path(f"/proc/{child}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def generate_load(base: str, scenario: str, args, cookies=(), modules=()) -> dict:
    """Run benchmarks/loadgen.py in its own process and return its statistics."""
    plan = {"base": base, "scenario": scenario, "users": args.users,
            "duration": args.duration, "cookies": list(cookies), "cookie_name": "session",
            "modules": list(modules)}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "loadgen.py")],
                          input=json.dumps(plan), capture_output=True, text=True, check=True,
                          timeout=args.duration + 120)
    return json.loads(done.stdout)


def module_outline(database_url: str, secret: str) -> list[tuple[str, list[str]]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT m.slug, v.lesson_keys FROM module m "
            "JOIN module_version v ON v.id = m.current_version_id ORDER BY m.slug"))
        outline = [(slug, keys if isinstance(keys, list) else json.loads(keys))
                   for slug, keys in rows]
    engine.dispose()
    return outline


def save_lesson_page(server: Server, cookie: str, outline, target: Path) -> int:
    slug, keys = outline[0]
    request = urllib.request.Request(f"{server.url}/modules/{slug}/lessons/{keys[0]}",
                                     headers={"Cookie": f"session={cookie}"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - 127.0.0.1
        target.write_bytes(response.read())
    return target.stat().st_size


def bench_database(label: str, url: str, modules: Path, secret: str, args, workdir: Path,
                   results: dict) -> None:
    print(f"== {label}: preparing {url}", flush=True)
    import_seconds, cookies = prepare(url, modules, secret, args)
    outline = module_outline(url, secret)
    server = Server("coursehub.wsgi:app", _env(url, secret, args))
    try:
        page = workdir / "lesson.html"
        if not page.exists():
            save_lesson_page(server, cookies[0], outline, page)
        phases = {}
        for scenario in ("lessons", "journey"):
            print(f"== {label}: {scenario}, {args.users} users, {args.duration} s", flush=True)
            phases[scenario] = server.measure(scenario, args, cookies, outline)
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    results[label] = {"phases": phases, "rss": rss, "cold_start": server.cold_start,
                      "import": import_seconds}


def bench_ceiling(args, workdir: Path, results: dict) -> None:
    env = _env("sqlite://", "unused", args) | {"CEILING_PAGE": str(workdir / "lesson.html")}
    server = Server("ceiling_app:app", env, probe="/")
    try:
        print(f"== ceiling: static page, {args.users} users, {args.duration} s", flush=True)
        results["ceiling"] = {"phases": {"static": server.measure("static", args)},
                              "rss": server.worker_rss_mb(), "cold_start": server.cold_start}
    finally:
        server.stop()


def _reference(target: str) -> bool:
    """The ceiling and the floors are yardsticks, not held to the budgets."""
    return target == "ceiling" or " floor " in target


def print_report(results: dict, args, page_size: int) -> bool:
    """Print the tables and the budget checks; True when every budget is met."""
    workers = os.environ.get("GUNICORN_WORKERS") or args.workers or os.cpu_count()
    threads = os.environ.get("GUNICORN_THREADS") or args.threads or 2
    print(f"\nCourseHub load benchmark: {args.users} users, {args.duration} s per phase, "
          f"gunicorn {workers} workers x {threads} threads (gthread), "
          f"page size {page_size:,} bytes, {os.cpu_count()} CPUs")
    print("machine load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{value:.1f}" for value in os.getloadavg())
          + " (other work on the machine skews every number)")
    print(f"{'target':<25} {'phase':<8} {'kind':<12} {'req/s':>8} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
    checks: list[tuple[str, bool]] = []
    for target, result in results.items():
        if "failed" in result:
            print(f"{target:<25} NOT MEASURED: {result['failed']}")
            checks.append((f"{target} measured", False))
            continue
        for phase, stats in result["phases"].items():
            for kind, row in stats["kinds"].items():
                print(f"{target:<25} {phase:<8} {kind:<12} {row['rps']:>8.1f} "
                      f"{row['p50'] * 1000:>7.1f} {row['p95'] * 1000:>7.1f} "
                      f"{row['p99'] * 1000:>7.1f} {row['errors']:>6}")
                limit = BUDGET["submit_p99"] if kind == "quiz submit" else BUDGET["page_p99"]
                if not _reference(target):
                    checks.append((f"{target} {phase} {kind}: p99 {row['p99'] * 1000:.0f} ms "
                                   f"< {limit * 1000:.0f} ms", row["p99"] < limit))
                checks.append((f"{target} {phase} {kind}: {row['errors']} errors",
                               row["errors"] == 0))
            print(f"{target:<25} {phase:<8} server CPU per request: "
                  f"{stats['cpu_ms_per_request']:.2f} ms")
            for sample in stats["error_samples"]:
                print(f"  error sample: {sample}")
    ceiling = results["ceiling"]["phases"]["static"]["kinds"]["page"]["rps"]
    print()
    for target, result in results.items():
        if "failed" in result:
            continue
        rss = ", ".join(f"{size:.0f}" for size in result["rss"])
        line = f"{target:<25} worker RSS after load: {rss} MB; cold start to first response " \
               f"{result['cold_start']:.2f} s"
        if "import" in result:
            line += f"; `coursehub import modules` into a fresh database {result['import']:.2f} s"
        print(line)
        if target == "ceiling":
            continue
        phase, kind = ("static", "page") if _reference(target) else ("lessons", "lesson")
        lessons = result["phases"][phase]["kinds"][kind]["rps"]
        ratio = lessons / ceiling
        cpu = result["phases"][phase]["cpu_ms_per_request"]
        ceiling_cpu = results["ceiling"]["phases"]["static"]["cpu_ms_per_request"]
        line = (f"{target:<25} {'pages' if _reference(target) else 'lesson pages'}: "
                f"{lessons:.1f} req/s = {ratio:.0%} of the ceiling ({ceiling:.1f} req/s); "
                f"by server CPU per request {ceiling_cpu / cpu:.0%} "
                f"({cpu:.2f} ms vs {ceiling_cpu:.2f} ms)")
        if floor := results.get(f"{target} floor stack", {}).get("phases"):
            line += (f"; {lessons / floor['static']['kinds']['page']['rps']:.0%} of its "
                     "database's stack floor")
        print(line)
        if _reference(target):
            continue
        checks += [
            (f"{target} lesson throughput {ratio:.0%} of the ceiling >= "
             f"{BUDGET['ratio']:.0%}", ratio >= BUDGET["ratio"]),
            (f"{target} worker RSS max {max(result['rss']):.0f} MB <= {BUDGET['rss_mb']} MB",
             max(result["rss"]) <= BUDGET["rss_mb"]),
            (f"{target} cold start {result['cold_start']:.2f} s < {BUDGET['cold_start_s']} s",
             result["cold_start"] < BUDGET["cold_start_s"]),
            (f"{target} import {result['import']:.2f} s < {BUDGET['import_s']} s",
             result["import"] < BUDGET["import_s"]),
        ]
    print("\nBudgets:")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    return all(ok for _, ok in checks)


def _floor_modes(text: str) -> list[str]:
    modes = [] if text == "none" else text.split(",")
    if unknown := set(modes) - set(FLOOR_MODES):
        raise argparse.ArgumentTypeError(f"unknown floor mode(s): {', '.join(sorted(unknown))}")
    return modes


def bench_floors(label: str, url: str, args, workdir: Path, results: dict) -> None:
    """The floor app in each mode of ``--floors``, on the database of ``label``."""
    for mode in args.floors:
        if mode == "raw-write" and not url.startswith("sqlite"):
            continue  # it writes with sqlite3
        database = (f"sqlite:///{workdir / f'floor-{mode}.sqlite3'}"
                    if url.startswith("sqlite") else url)  # a fresh SQLite file per mode
        env = _env("sqlite://", "unused", args) | {
            "CEILING_PAGE": str(workdir / "lesson.html"), "FLOOR_MODE": mode,
            "FLOOR_DATABASE_URL": database}
        print(f"== {label} floor ({mode}): static page, {args.users} users, "
              f"{args.duration} s", flush=True)
        try:
            server = Server("floor_app:app", env, probe="/healthz")
        except BenchError as error:
            results[f"{label} floor {mode}"] = {"failed": str(error)}
            continue
        try:
            results[f"{label} floor {mode}"] = {
                "phases": {"static": server.measure("static", args)},
                "rss": server.worker_rss_mb(), "cold_start": server.cold_start}
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds per phase")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: conf)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: conf)")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_POSTGRES))
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--floors", type=_floor_modes, default=["stack"],
                        help="floor modes to measure, comma-separated: "
                             f"{', '.join(FLOOR_MODES)} (default: stack; 'none' for none)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()

    secret = secrets.token_hex(32)
    results: dict = {}
    # As a deploy does (docs/deploy.md): no process compiles CourseHub's code at start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "coursehub"),
                    str(ROOT / "migrations")], check=True)
    with tempfile.TemporaryDirectory(prefix="coursehub-bench-") as folder:
        workdir = Path(folder)
        modules = bench_modules(workdir)
        bench_database("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", modules, secret,
                       args, workdir, results)
        bench_floors("SQLite", "sqlite://", args, workdir, results)
        bench_ceiling(args, workdir, results)
        if not args.skip_postgres:
            try:
                create_postgres_database(args.postgres_url)
                bench_database("PostgreSQL", args.postgres_url, modules, secret, args,
                               workdir, results)
            except BenchError as error:
                results["PostgreSQL"] = {"failed": str(error)}
            else:
                bench_floors("PostgreSQL", args.postgres_url, args, workdir, results)
        page_size = (workdir / "lesson.html").stat().st_size
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    sys.exit(0 if print_report(results, args, page_size) else 1)


if __name__ == "__main__":
    main()
