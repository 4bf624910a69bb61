"""The WSGI entry point for production servers: ``gunicorn coursehub.wsgi:app``.

The server never migrates the database (``coursehub db upgrade`` does, at
deploy), so it starts without the migration machinery.
"""

from coursehub import create_app

app = create_app(migrations=False)
