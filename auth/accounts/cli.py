"""`flask users ...`: staff accounts from the command line."""

from __future__ import annotations

import click

from app.access import PLATFORM_ADMIN, Principal

CLI_OPERATOR = Principal(subject="cli", roles=frozenset({PLATFORM_ADMIN}))


@click.group("users", help="Staff accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create-admin", help="Create a platform admin with MFA enrolled.")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.password_option("--password", help="Prompted (hidden, twice) when not given.")
def create_admin(email: str, full_name: str, password: str) -> None:
    from app.problems import Problem
    from auth.accounts import security, staff

    try:
        account = staff.create_staff(full_name=full_name, email=email, role=PLATFORM_ADMIN,
                                     agency_code=None, created_by=CLI_OPERATOR, password=password)
    except Problem as problem:
        details = problem.errors or {"error": [problem.code]}
        raise click.ClickException("; ".join(f"{k}: {' '.join(v)}" for k, v in details.items())) from None
    uri, recovery = security.enrol_totp_now(account)
    click.echo(f"platform admin {account.email} created ({account.id})")
    click.echo("Add this to an authenticator app (shown once):")
    click.echo(f"  {uri}")
    click.echo("Recovery codes (shown once, keep them offline):")
    for item in recovery:
        click.echo(f"  {item}")


@users_cli.command("reencrypt", help="Re-encrypt NIKs and MFA secrets under ENCRYPTION_KEY_ID.")
def reencrypt() -> None:
    from auth.accounts.records import reencrypt_all

    click.echo(f"{reencrypt_all()} account(s) re-encrypted")
