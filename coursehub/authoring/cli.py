"""``coursehub import-gift FILE --module SLUG``: GIFT questions into a module's draft."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from coursehub.core.db import db


@click.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--module", "slug", required=True, help="The module whose draft gets the questions.")
@with_appcontext
def import_gift_command(file: Path, slug: str) -> None:
    """Add a GIFT file's questions to a module's draft quiz; report what was left out."""
    from coursehub.authoring.gift_import import import_gift
    from coursehub.authoring.services import get_module

    module = get_module(slug)
    if module is None:
        raise click.ClickException(f"no module {slug!r}: create it in the authoring area or "
                                   "import its folder first")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file}: not UTF-8 text") from error
    report = import_gift(module, text, str(file), None)
    db.session.commit()
    for line in report.lines:
        click.echo(line, err=True)
    click.echo(f"{len(report.imported)} question(s) added to the draft {report.quiz_path} of "
               f"{slug}; review them in the authoring area, then publish.")
    if not report.imported:
        sys.exit(1)
