from __future__ import annotations

import click
from flask import current_app


@click.group("services", help="Service modules: list, switch, check, scaffold.")
def services_cli() -> None:
    pass


@services_cli.command("list", help="Installed modules, whether each is enabled, and its version.")
def services_list() -> None:
    from app.modules import switch

    for status in switch.statuses():
        state = "enabled" if status["enabled"] else "disabled"
        click.echo(f"{status['slug']:<24} {state:<9} {status['version']:<10} {status['agency']}")


def _switch(slug: str, enabled: bool) -> None:
    from app.modules import switch

    if slug not in current_app.extensions["satupintu.modules"]:
        raise click.ClickException(f"no enabled-at-start module named {slug!r}")
    switch.set_enabled(slug, enabled, actor="cli")
    click.echo(f"{slug} {'enabled' if enabled else 'disabled'}; every process follows within "
               f"{current_app.config['SERVICES_STATE_TTL']:g} s")


@services_cli.command("enable")
@click.argument("slug")
def services_enable(slug: str) -> None:
    """Switch a module on at runtime (no restart)."""
    _switch(slug, True)


@services_cli.command("disable")
@click.argument("slug")
def services_disable(slug: str) -> None:
    """Switch a module off at runtime (its endpoints answer 404, its entries leave the catalog)."""
    _switch(slug, False)


@services_cli.command("check")
@click.argument("slug")
def services_check(slug: str) -> None:
    """Validate an installed module without starting the server."""
    from app.modules.check import check_installed

    try:
        for line in check_installed(slug):
            click.echo(line)
    except Exception as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{slug}: OK")


@services_cli.command("new")
@click.argument("slug")
@click.option("--agency", required=True, help="Agency code, e.g. bapenda-82.")
@click.option("--target", default="services", show_default=True,
              type=click.Path(file_okay=False), help="Folder the package is written into.")
def services_new(slug: str, agency: str, target: str) -> None:
    """Write a working module skeleton (descriptor, model, migration, API, tests, texts)."""
    from app.modules.scaffold import ScaffoldError, next_steps, scaffold

    try:
        path = scaffold(slug, agency=agency, target=target)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {path}")
    click.echo(next_steps(slug, path))
