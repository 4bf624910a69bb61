"""The ``coursehub`` command: a Flask CLI group over the app."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from coursehub.core.db import db


def _create_app():
    from coursehub import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """CourseHub: manage the database, modules and accounts."""


def _modules_path(path: str | None) -> Path:
    return Path(path or current_app.config["COURSEHUB_MODULES_DIR"])


@click.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@with_appcontext
def validate_command(path: str | None) -> None:
    """Check module files; print every problem as file:line: message."""
    from coursehub.content.validator import validate_tree

    results = validate_tree(_modules_path(path))
    problems = [p for r in results for p in r.problems]
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {sum(not r.ok for r in results)} "
                   f"of {len(results)} module(s).", err=True)
        sys.exit(1)
    click.echo(f"{len(results)} module(s) valid.")


@click.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@with_appcontext
def import_command(path: str | None) -> None:
    """Validate and import modules; a module with errors is not imported."""
    from coursehub.content.importer import import_module, prerender
    from coursehub.content.validator import find_module_folders, validate_module

    results = [validate_module(folder) for folder in find_module_folders(_modules_path(path))]
    failed = [result for result in results if not result.ok]
    for result in failed:
        for problem in result.problems:
            click.echo(str(problem), err=True)
    sources = [result.source for result in results if result.ok]
    renderings = prerender(sources)
    with click.progressbar(sources, label="Importing modules", file=sys.stderr,
                           item_show_func=lambda s: s.slug if s else "") as bar:
        for source in bar:
            outcome = import_module(source, renderings.get(source.slug))
            db.session.commit()
            click.echo(f"\n{outcome.slug}: {outcome.status} (version {outcome.version.number})")
    if failed:
        click.echo(f"{len(failed)} module(s) not imported because of errors.", err=True)
        sys.exit(1)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["learner", "instructor", "admin"]), default="learner")
@with_appcontext
def create_user_command(email: str, password: str, name: str, role: str) -> None:
    """Create an account (or update its password, name and role)."""
    from coursehub.accounts.services import AccountError, create_or_update_user

    try:
        user, created = create_or_update_user(email=email, password=password, name=name,
                                              role=role)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {role} {user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo accounts documented in the README."""
    from coursehub.accounts.services import create_or_update_user

    for email, password, name, role in DEMO_ACCOUNTS:
        create_or_update_user(email=email, password=password, name=name, role=role,
                              justice_role="prosecutor" if role == "learner" else "other",
                              country="UY", organisation_name="Demo organisation")
    cohort = _demo_cohort()
    db.session.commit()
    for email, password, _, role in DEMO_ACCOUNTS:
        click.echo(f"{role:<10} {email}  password: {password}")
    click.echo(f"cohort     {cohort.name}: run by the instructor, the learner has joined")


def _demo_cohort():
    """The demo instructor's cohort: every published module, the demo learner in it
    (made once; later runs leave it as it is)."""
    from sqlalchemy import select

    from coursehub.accounts.models import User
    from coursehub.admin import cohorts
    from coursehub.admin.cohort_models import Cohort
    from coursehub.content import queries

    users = {user.role: user for user in db.session.scalars(
        select(User).where(User.email.in_([email for email, *_ in DEMO_ACCOUNTS])))}
    cohort = db.session.scalar(select(Cohort).where(
        Cohort.name == DEMO_COHORT, Cohort.instructor_id == users["instructor"].id))
    if cohort is None:
        cohort = cohorts.save_cohort(
            users["admin"], None, name=DEMO_COHORT, instructor_id=users["instructor"].id,
            organisation_id=None, module_ids=[m.id for m in queries.published_modules()],
            starts_on=None, due_on=None, open_=True)
        cohorts.join_cohort(users["learner"], cohort)
    return cohort


DEMO_COHORT = "Demo workshop"
DEMO_ACCOUNTS = [
    ("learner@example.org", "learner-demo-pass", "Lucía Demo", "learner"),
    ("instructor@example.org", "instructor-demo-pass", "Iván Demo", "instructor"),
    ("admin@example.org", "admin-demo-pass", "Ana Demo", "admin"),
]




@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Check the audit log's hash chain; exit 1 if any entry was edited or deleted."""
    from sqlalchemy import func, select

    from coursehub.admin.audit import verify_chain
    from coursehub.admin.models import AuditEntry

    problems = verify_chain()
    for problem in problems:
        click.echo(f"entry {problem.entry_id}: {problem.message}", err=True)
    if problems:
        sys.exit(1)
    total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    click.echo(f"Audit log intact: {total} entries.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """Write a consistent backup of the database to TARGET (safe while serving)."""
    from coursehub.core.backup import BackupError, backup

    db.session.remove()
    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(target))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: str, yes: bool) -> None:
    """Replace the database's contents with the backup SOURCE."""
    from coursehub.core.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database with the backup. Continue?",
                      abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(source))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database restored from {source}.")


def register_commands(app) -> None:
    for command in (validate_command, import_command, create_user_command, seed_demo_command,
                    audit_group, backup_command, restore_command):
        app.cli.add_command(command)
    from coursehub.reports.cli import seed_scale_command

    app.cli.add_command(seed_scale_command)
    from coursehub.authoring.cli import import_gift_command

    app.cli.add_command(import_gift_command)
    from coursehub.credentials.cli import COMMANDS as credential_commands

    for command in credential_commands:
        app.cli.add_command(command)
