"""``coursehub seed-scale``: fill a database for the report benchmarks."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext

from coursehub.core.db import db


@click.command("seed-scale")
@click.option("--learners", default=50_000, show_default=True, type=click.IntRange(1))
@click.option("--batch", default=1000, show_default=True, type=click.IntRange(1),
              help="Learners written per transaction.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same seed, same data).")
@with_appcontext
def seed_scale_command(learners: int, batch: int, seed: int) -> None:
    """Add a large, realistic dataset (never on a production database)."""
    from coursehub.reports.seed import SeedError, seed_scale

    began = time.perf_counter()
    with click.progressbar(length=learners, label="Seeding learners", file=sys.stderr,
                           show_pos=True) as bar:
        try:
            counts = seed_scale(db.session, learners, batch=batch, seed=seed,
                                progress=bar.update)
        except SeedError as error:
            raise click.ClickException(str(error)) from error
    click.echo(", ".join(f"{value:,} {name.replace('_', ' ')}"
                         for name, value in counts.items())
               + f" in {time.perf_counter() - began:.0f} s.")
