"""`flask keys ...` (signing keys) and `flask clients ...` (client registration)."""

from __future__ import annotations

import json

import click
from flask import current_app
from sqlalchemy import select

from app import db


@click.group("keys", help="Token signing keys (JWKS).")
def keys_cli() -> None:
    pass


@keys_cli.command("rotate", help="New active RS256 and ES256 keys; old public keys stay published "
                                 "until the tokens they signed have expired.")
def keys_rotate() -> None:
    from app import audit
    from auth.oidc.keys import rotate

    kids = rotate()
    audit.record("admin", "signing_keys.rotated", payload={"kids": kids})
    db.session.commit()
    for kid in kids:
        click.echo(f"new active key {kid}")


@keys_cli.command("list", help="Published keys and their state.")
def keys_list() -> None:
    from auth.oidc.models import SigningKey

    for row in db.session.scalars(select(SigningKey).order_by(SigningKey.created_at)):
        state = "active" if row.retired_at is None else f"retired {row.retired_at:%Y-%m-%d %H:%M}"
        click.echo(f"{row.kid}\t{row.alg}\t{state}")


@click.group("clients", help="OpenID Connect clients (relying parties).")
def clients_cli() -> None:
    pass


@clients_cli.command("create", help="Register a client and print its id (and secret, shown once).")
@click.option("--name", required=True)
@click.option("--type", "kind", type=click.Choice(["public", "confidential"]), required=True)
@click.option("--auth-method", type=click.Choice(["none", "client_secret_basic", "client_secret_post",
                                                  "private_key_jwt"]))
@click.option("--redirect-uri", "redirect_uris", multiple=True)
@click.option("--post-logout-redirect-uri", "post_logout_redirect_uris", multiple=True)
@click.option("--grant-type", "grant_types", multiple=True,
              type=click.Choice(["authorization_code", "refresh_token", "client_credentials"]))
@click.option("--scope", "scopes", multiple=True, help="Repeat, or give a space-separated list.")
@click.option("--jwks-file", type=click.File(), help="Public keys for private_key_jwt (JSON).")
@click.option("--agency", default=None, help="Agency code of a back-end client.")
@click.option("--may-introspect", is_flag=True, help="A resource server that introspects any token.")
@click.option("--client-id", default=None, help="Choose the id (default: generated from the name).")
def clients_create(name, kind, auth_method, redirect_uris, post_logout_redirect_uris, grant_types, scopes,
                   jwks_file, agency, may_introspect, client_id) -> None:
    from auth.oidc import clients
    from auth.oidc.server import supported_scopes

    public = kind == "public"
    try:
        row, secret = clients.create_client(
            name=name, public=public,
            auth_method=auth_method or ("none" if public else "client_secret_basic"),
            redirect_uris=list(redirect_uris), post_logout_redirect_uris=list(post_logout_redirect_uris),
            grant_types=list(grant_types) or (["authorization_code", "refresh_token"] if redirect_uris
                                              else ["client_credentials"]),
            scopes=[s for value in scopes for s in value.split()],
            known_scopes=set(supported_scopes(current_app)),
            jwks=json.load(jwks_file) if jwks_file else None, agency=agency, may_introspect=may_introspect,
            client_id=client_id,
        )
    except clients.ClientError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"client_id: {row.client_id}")
    if secret:
        click.echo(f"client_secret: {secret}")
        click.echo("(the secret is shown only now; only a keyed hash of it is stored)")


@clients_cli.command("list", help="Registered clients.")
def clients_list() -> None:
    from auth.oidc.models import Client

    for row in db.session.scalars(select(Client).order_by(Client.created_at)):
        kind = "public" if row.public else "confidential"
        state = "" if row.active else "\t(deactivated)"
        click.echo(f"{row.client_id}\t{kind}\t{row.auth_method}\t{row.name}{state}")


@click.group("sso", help="Housekeeping of the single sign-on provider.")
def sso_cli() -> None:
    pass


@sso_cli.command("prune", help="Delete expired codes, tokens and list entries, and grants and sessions "
                               "that ended more than --keep-days ago (run daily).")
@click.option("--keep-days", default=30, show_default=True, type=click.IntRange(min=1))
def sso_prune(keep_days: int) -> None:
    from auth.oidc.store import prune

    for what, count in prune(keep_days=keep_days).items():
        click.echo(f"{what}: {count} deleted")
