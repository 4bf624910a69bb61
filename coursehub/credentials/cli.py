"""``coursehub award``, ``coursehub revoke`` and ``coursehub keys``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from coursehub.core.db import db


@click.command("award")
@click.option("--email", required=True, help="The learner's account email.")
@click.option("--module", "slug", required=True, help="The module's slug.")
@click.option("--reason", required=True, help="Why the badge is awarded by hand (audited).")
@with_appcontext
def award_command(email: str, slug: str, reason: str) -> None:
    """Award a module's badge by hand; print the assertion URL."""
    from coursehub.credentials.links import assertion_url
    from coursehub.credentials.services import CredentialError, award_manually

    try:
        award = award_manually(None, email, slug, reason)
    except CredentialError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(assertion_url(award.code))


@click.command("revoke")
@click.option("--code", required=True, help="The award's public code.")
@click.option("--reason", required=True, help="Shown on the public verification page.")
@with_appcontext
def revoke_command(code: str, reason: str) -> None:
    """Revoke an award for good."""
    from coursehub.credentials.services import CredentialError, award_by_code, revoke_award

    award = award_by_code(code)
    if award is None:
        raise click.ClickException(f"No award with the code {code}.")
    try:
        revoke_award(None, award, reason)
    except CredentialError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Revoked {code}.")


@click.group("keys")
def keys_group() -> None:
    """The keys that sign Open Badges 3.0 credentials."""


@keys_group.command("rotate")
@with_appcontext
def keys_rotate_command() -> None:
    """Sign new credentials with a new key; earlier keys stay published."""
    from coursehub.credentials import keys

    key = keys.rotate()
    click.echo(f"New signing key {key.kid} in {keys.keys_dir()}; "
               f"{len(keys.all_keys())} key(s) published.")


@keys_group.command("list")
@with_appcontext
def keys_list_command() -> None:
    """Show the published keys, the active one first."""
    from coursehub.credentials import keys

    for index, key in enumerate(keys.all_keys()):
        click.echo(f"{key.kid}{'  (active)' if index == 0 else ''}")


COMMANDS = (award_command, revoke_command, keys_group)
