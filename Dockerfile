# CourseHub under gunicorn. Not built on the development machines (no docker
# there): see docs/deploy.md, "Containers".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GUNICORN_BIND=0.0.0.0:8000

RUN useradd --system --create-home --home-dir /srv/coursehub coursehub
WORKDIR /srv/coursehub

# Dependencies first, so that code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY coursehub/__init__.py coursehub/__init__.py
RUN pip install --upgrade pip && pip install -e . && rm -rf coursehub

COPY --chown=coursehub:coursehub coursehub coursehub
COPY --chown=coursehub:coursehub migrations migrations
COPY --chown=coursehub:coursehub modules modules
COPY --chown=coursehub:coursehub gunicorn.conf.py ./
RUN pip install --no-deps -e . \
    && pybabel compile -d coursehub/translations \
    && python -m compileall -q coursehub migrations \
    && mkdir -p instance && chown coursehub:coursehub instance

USER coursehub
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["gunicorn", "-c", "gunicorn.conf.py", "coursehub.wsgi:app"]
