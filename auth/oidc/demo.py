"""Demo data for `make run`: signing keys, the mobile app's public client and a web back-end."""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app
from sqlalchemy import select

from app import db
from app.registry import scopes
from auth.oidc.clients import create_client
from auth.oidc.keys import ensure_keys
from auth.oidc.models import Client
from auth.oidc.server import supported_scopes

MOBILE = dict(
    client_id="satupintu-mobile", name="SatuPintu Mobile", public=True, auth_method="none",
    redirect_uris=["id.go.satupintu.app:/oauth/callback", "http://127.0.0.1/callback"],
    post_logout_redirect_uris=["id.go.satupintu.app:/oauth/logout"],
    grant_types=["authorization_code", "refresh_token"],
    scopes=["openid", "profile", "email", "phone", "address", "offline_access"],  # and the platform's own
)
WEB = dict(
    client_id="portal-demo", name="Portal Layanan (demo)", public=False, auth_method="client_secret_basic",
    redirect_uris=["http://127.0.0.1:8080/callback"], post_logout_redirect_uris=["http://127.0.0.1:8080/"],
    grant_types=["authorization_code", "refresh_token", "client_credentials"],
    scopes=["openid", "profile", "email", "phone"],
)


def load_demo() -> Iterator[str]:
    created = ensure_keys()
    yield f"signing keys: {', '.join(created) if created else 'already present'}"
    known = set(supported_scopes(current_app))
    # the first-party app may also ask for every platform API a citizen uses
    mobile = {**MOBILE, "scopes": [*MOBILE["scopes"], *scopes().names_of("core", "auth")]}
    for registration in (mobile, WEB):
        client_id = registration["client_id"]
        if db.session.scalar(select(Client.id).where(Client.client_id == client_id)) is not None:
            yield f"client {client_id}: already registered"
            continue
        _row, secret = create_client(known_scopes=known, **registration)
        yield f"client {client_id}: registered" + (f" (secret, shown once: {secret})" if secret else "")
