"""gunicorn settings for CourseHub: ``gunicorn -c gunicorn.conf.py coursehub.wsgi:app``.

Every setting can be overridden from the environment (or on the command line).
Workers are processes (one per CPU core by default), each running a few
threads: requests spend part of their time waiting on the database, and the
threads fill that wait without the memory of extra processes. The app keeps no
state in the process (sessions are signed cookies, records live in the
database, rate limits in Redis), so any number of workers, on any number of
machines, can serve the same users.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count())
worker_class = "gthread"
# Pages are mostly CPU-bound Python: more threads than 2 only add contention for
# the interpreter lock (measured with benchmarks/load.py on 2 cores).
threads = _int("GUNICORN_THREADS", 2)
# Load the app once in the master, then fork: faster worker start, shared memory.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that slow leaks cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20_000)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx in front sets X-Forwarded-*; trust it only from the local machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker) -> None:
    """Each worker opens its own database connections, never the master's."""
    app = getattr(server.app, "callable", None)  # set when the app was preloaded
    db = getattr(app, "extensions", {}).get("sqlalchemy")  # Flask-SQLAlchemy's, if any
    if db is None:
        return
    with app.app_context():
        db.engine.dispose(close=False)
