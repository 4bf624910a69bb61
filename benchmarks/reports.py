"""Time every report page and the full CSV export at scale, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/reports.py                       # both databases, 50,000
    .venv/bin/python benchmarks/reports.py --database sqlite --learners 5000

Wall time is the budget (1 s); the CPU time of this process is printed too
(on SQLite it includes the queries; on PostgreSQL the server's work is not in
it), because on a busy machine wall time also measures the other processes.

Each database is a dedicated one (SQLite: /tmp/coursehub_reports_bench.sqlite3;
PostgreSQL: coursehub_reports_bench, created if missing), seeded once with
``coursehub seed-scale`` and reused by later runs with the same size. Pages are
fetched through the app as an admin (everything in scope) and as an instructor;
each timing is the median of several runs after one warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coursehub import create_app  # noqa: E402
from coursehub.core.db import db  # noqa: E402

SQLITE_URL = "sqlite:////tmp/coursehub_reports_bench.sqlite3"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_NAME = "coursehub_reports_bench"
PASSWORD = "benchmark-admin-password"  # noqa: S105 - a throwaway local account
BUDGET_MS = 1000


def ensure_pg_database() -> str:
    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                   {"n": PG_NAME})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
    engine.dispose()
    return f"{PG_SERVER}/{PG_NAME}"


def prepare(url: str, learners: int):
    """Migrate, import the modules, seed (unless already seeded at this size)."""
    from flask_migrate import upgrade

    from coursehub.accounts.models import User
    from coursehub.accounts.services import create_or_update_user
    from coursehub.content.importer import import_module
    from coursehub.content.validator import find_module_folders, validate_module
    from coursehub.reports.seed import EMAIL_DOMAIN, seed_scale

    root = Path(__file__).resolve().parent.parent
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "COURSEHUB_MODULES_DIR":
                      str(root / "modules"), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        seeded = db.session.scalar(select(func.count()).select_from(User).where(
            User.email.like(f"learner-%@{EMAIL_DOMAIN}")))
        if seeded not in (0, learners):
            sys.exit(f"{url} holds {seeded} seeded learners, not {learners}: drop it first")
        if not seeded:
            for folder in find_module_folders(root / "modules"):
                import_module(validate_module(folder).source)
            db.session.commit()
            began = time.perf_counter()
            counts = seed_scale(db.session, learners)
            print(f"  seeded in {time.perf_counter() - began:.0f} s: {counts}")
        create_or_update_user(email="bench-admin@example.org", password=PASSWORD,
                              name="Benchmark admin", role="admin")
        db.session.commit()
        # Seeded addresses (.invalid) cannot sign in: give instructor 1 a usable one.
        db.session.execute(update(User).where(User.email == f"instructor-1@{EMAIL_DOMAIN}")
                           .values(email="bench-instructor@example.org"))
        instructor = "bench-instructor@example.org"
        create_or_update_user(email=instructor, password=PASSWORD, name="Instructor one",
                              role="instructor")
        db.session.commit()
        sizes = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}"))  # noqa: S608
                 for t in ("user_account", "module_progress", "lesson_progress",
                           "quiz_attempt", "question_response")}
        learner_id = db.session.scalar(select(func.min(User.id)).where(
            User.email.like(f"learner-%@{EMAIL_DOMAIN}")))
    return app, instructor, sizes, learner_id


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return client


def fetch(client, url: str) -> tuple[float, float, int, int]:
    """Wall time and this process's CPU time (ms), status, body size."""
    began, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return ((time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000,
            response.status_code, size)


def timed(client, url: str, runs: int) -> tuple[float, float, int, int]:
    fetch(client, url)  # warm-up
    results = [fetch(client, url) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[0][2], results[0][3])


def run(name: str, url: str, learners: int, runs: int) -> bool:
    print(f"\n== {name}: {url}")
    app, instructor_email, sizes, learner_id = prepare(url, learners)
    print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in sizes.items()))
    admin = signed_in(app, "bench-admin@example.org")
    instructor = signed_in(app, instructor_email)
    pages = [
        ("admin", "/reports/"),
        ("admin", "/reports/?country=UY&justice_role=judge"),
        ("admin", "/reports/?date_from=2025-03-01&date_to=2025-06-30"),
        ("admin", "/reports/?cohort=1"),
        ("instructor", "/reports/"),
        ("admin", "/reports/learners"),
        ("admin", "/reports/learners?page=400"),
        ("instructor", "/reports/learners"),
        ("admin", f"/reports/learners/{learner_id}"),
        ("admin", "/reports/items?module=domain-name-system"),
        ("instructor", "/reports/items?module=domain-name-system"),
        ("admin", "/reports/gain?by=all"),
        ("admin", "/reports/gain?by=organisation"),
        ("admin", "/reports/gain?by=country"),
        ("admin", "/reports/completion.csv"),
        ("admin", "/reports/items.csv?module=domain-name-system"),
        ("admin", "/reports/gain.csv?by=justice_role"),
        ("admin", f"/reports/learners/{learner_id}/transcript.csv"),
        ("admin", "/reports/learners.csv"),
    ]
    ok = True
    print(f"  load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"  {'who':<11}{'page':<58}{'wall ms':>9}{'cpu ms':>8}{'status':>7}{'bytes':>12}")
    for who, path in pages:
        client = admin if who == "admin" else instructor
        full_export = path == "/reports/learners.csv"
        ms, cpu, status, size = timed(client, path, 1 if full_export else runs)
        flag = "" if ms < BUDGET_MS and status == 200 else "  <-- over budget"
        ok &= not flag
        label = path + (" (full export)" if full_export else "")
        print(f"  {who:<11}{label:<58}{ms:>9.0f}{cpu:>8.0f}{status:>7}{size:>12,}{flag}")
    with app.app_context():
        db.engine.dispose()
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ok = True
    if args.database in ("sqlite", "both"):
        ok &= run("SQLite", SQLITE_URL, args.learners, args.runs)
    if args.database in ("postgresql", "both"):
        ok &= run("PostgreSQL", ensure_pg_database(), args.learners, args.runs)
    print("\nall pages under 1 s" if ok else "\nsome pages over 1 s")


if __name__ == "__main__":
    main()
