"""The web server starts without the libraries only other work needs (cold start)."""

import subprocess
import sys


def test_the_wsgi_app_loads_no_migration_or_pdf_libraries(tmp_path):
    """Alembic (the ``db`` commands), fpdf (certificates) and the process pool (the
    ``import`` command) cost a start-up they would not repay in a web worker."""
    code = ("import sys, coursehub.wsgi; "
            "print(sorted(m for m in ('alembic', 'flask_migrate', 'fpdf', "
            "'concurrent.futures.process') if m in sys.modules))")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}", "SECRET_KEY": "x" * 32,
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_command_line_keeps_the_migration_commands(app):
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
