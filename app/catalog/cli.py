from __future__ import annotations

import click
from flask import current_app


@click.group("catalog", help="Catalog entries.")
def catalog_cli() -> None:
    pass


@catalog_cli.command("sync", help="Write the enabled modules' declared entries into the catalog.")
def catalog_sync() -> None:
    from app.catalog.service import sync_modules

    for slug, count in sync_modules(current_app.extensions["satupintu.modules"].values()).items():
        click.echo(f"{slug}: {count} entries")


@catalog_cli.command("generate", help="Add synthetic, realistic entries (for scale tests).")
@click.option("--count", default=27_000, show_default=True)
@click.option("--seed", default=27, show_default=True)
def catalog_generate(count: int, seed: int) -> None:
    from app.catalog.generate import generate

    written = generate(count, seed=seed)
    click.echo(f"{written} synthetic entries in the catalog")
