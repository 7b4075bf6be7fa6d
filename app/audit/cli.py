from __future__ import annotations

import click


@click.group("audit", help="Tamper-evident audit log.")
def audit_cli() -> None:
    pass


@audit_cli.command("verify")
@click.option("--chain", help="Check one chain (default: every chain).")
def audit_verify(chain: str | None) -> None:
    """Recompute the hash chains; exit 1 and name the first broken link if one is broken."""
    from app.registry import services

    reports = services().get("audit").verify(chain)
    for report in reports:
        if report.ok:
            click.echo(f"{report.chain}: {report.entries} entries, intact")
        else:
            click.echo(f"{report.chain}: broken at sequence {report.broken_at} ({report.problem}); "
                       f"{report.entries} entries before it are intact")
    if not reports:
        click.echo("no audit entries yet")
    if not all(report.ok for report in reports):
        raise SystemExit(1)
