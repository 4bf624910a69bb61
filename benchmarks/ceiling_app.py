"""The ceiling of benchmarks/load.py: the smallest Flask app serving one page from memory.

It answers ``GET /`` with the bytes of ``CEILING_PAGE`` (a saved CourseHub
lesson page, so the size is the same) and ``/healthz``. Served by gunicorn
with CourseHub's own settings, it shows how fast a request can possibly be on
this machine: CourseHub's pages are measured against it.
"""

import os
from pathlib import Path

from flask import Flask, Response

PAGE = Path(os.environ["CEILING_PAGE"]).read_bytes()

app = Flask(__name__)


@app.get("/")
def page() -> Response:
    return Response(PAGE, mimetype="text/html")


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}
