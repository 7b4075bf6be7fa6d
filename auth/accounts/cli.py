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


@click.command("reencrypt", help="After a data-key rotation (ENCRYPTION_KEY_ID moved): re-encrypt "
                                 "everything sealed at rest (NIKs, MFA secrets, profiles, documents) "
                                 "under the current key, in batches. Safe to run again.")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000),
              help="Rows per transaction.")
def reencrypt(batch: int) -> None:
    from app import audit
    from app.db import session
    from auth.accounts.crypto import keyring
    from auth.accounts.reencrypt import reencrypt_everything

    counts = reencrypt_everything(batch)
    audit.record("admin", "data_keys.reencrypted", actor="cli",
                 payload={"key_id": keyring().current_key_id, **counts})
    session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count} row(s) re-encrypted")


users_cli.add_command(reencrypt)  # also `flask keys reencrypt` (auth.accounts.install)
