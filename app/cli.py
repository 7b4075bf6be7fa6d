"""Command-line interface: `flask db|services|catalog|reference|demo ...`."""

from __future__ import annotations

import click
from flask import Flask


def init_app(app: Flask) -> None:
    from app.catalog.cli import catalog_cli
    from app.modules.cli import services_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(services_cli)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(reference_cli)
    app.cli.add_command(demo_cli)


@click.group("db", help="Database migrations (alembic, one branch per package).")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Apply every branch's migrations (alembic upgrade heads).")
@click.argument("target", default="heads")
def db_upgrade(target: str) -> None:
    from flask import current_app

    from app import migrate

    migrate.upgrade(current_app._get_current_object(), target)
    click.echo(f"database upgraded to {target}")


@db_cli.command("downgrade", help="Revert to a revision (e.g. core@base).")
@click.argument("target")
def db_downgrade(target: str) -> None:
    from flask import current_app

    from app import migrate

    migrate.downgrade(current_app._get_current_object(), target)


@db_cli.command("revision", help="New migration on BRANCH (core, auth or a module slug).")
@click.argument("branch")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True, help="Diff the branch's models against the database.")
def db_revision(branch: str, message: str, autogenerate: bool) -> None:
    from flask import current_app

    from app import migrate

    migrate.revision(current_app._get_current_object(), branch, message, autogenerate=autogenerate)


@click.group("reference", help="Reference data shipped with the code.")
def reference_cli() -> None:
    pass


@reference_cli.command("load", help="Load regions, agencies and categories (idempotent).")
def reference_load() -> None:
    from app.reference.service import load_reference_data

    counts = load_reference_data()
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items()))


@click.group("demo", help="Demo data for a development machine.")
def demo_cli() -> None:
    pass


@demo_cli.command("load", help="Reference data, module catalog entries and demo records.")
def demo_load() -> None:
    from app.demo import load_demo

    for line in load_demo():
        click.echo(line)
