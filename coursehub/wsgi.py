"""The WSGI entry point for production servers: ``gunicorn coursehub.wsgi:app``."""

from coursehub import create_app

app = create_app()
