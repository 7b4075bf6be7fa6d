"""Registered clients: the authlib client interface over a cached, immutable copy of the row,
and the service that registers them (CLI and admin API).
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask import Flask, current_app
from sqlalchemy import select

from app import audit, db, i18n
from auth.oidc import crypto
from auth.oidc import messages as _texts  # noqa: F401 - registers the rule texts
from auth.oidc.models import Client

PUBLIC_METHODS = ("none",)
CONFIDENTIAL_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")
LOOPBACK_HOSTS = ("127.0.0.1", "[::1]")


class ClientError(ValueError):
    """A registration that breaks a rule; `field` names the input, `code` the text oidc.client.*."""

    def __init__(self, field: str, code: str, **params):
        self.field, self.code, self.params = field, code, params
        super().__init__(f"{field}: {self.message('en')}")

    def message(self, locale: str | None = None) -> str:
        return i18n.t(f"oidc.client.{self.code}", locale, **self.params)


def _is_loopback_http(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname is not None and _loopback(parts.hostname)


def _loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _without_port(uri: str) -> str:
    parts = urlsplit(uri)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return parts._replace(netloc=host or "").geturl()


@dataclass(frozen=True)
class RegisteredClient:
    """What authlib needs to know about a client (rfc6749.ClientMixin), as plain values."""

    id: object
    client_id: str
    name: str
    public: bool
    auth_method: str
    secret_hash: str | None
    jwks: dict | None
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]
    grant_types: tuple[str, ...]
    scopes: frozenset[str]
    id_token_alg: str
    agency: str | None
    may_introspect: bool

    @classmethod
    def from_row(cls, row: Client) -> RegisteredClient:
        return cls(row.id, row.client_id, row.name, row.public, row.auth_method, row.secret_hash,
                   row.jwks, tuple(row.redirect_uris or ()), tuple(row.post_logout_redirect_uris or ()),
                   tuple(row.grant_types or ()), frozenset(row.scopes.split()), row.id_token_alg,
                   row.agency, row.may_introspect)

    # authlib ClientMixin
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # OpenID Connect requires redirect_uri on every request; never guess it

    def get_allowed_scope(self, scope: str | None) -> str | None:
        requested = (scope or "").split()
        allowed = [name for name in dict.fromkeys(requested) if name in self.scopes]
        return " ".join(allowed) if allowed else None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact match; for native apps on a loopback address any port is accepted (RFC 8252)."""
        if redirect_uri in self.redirect_uris:
            return True
        if self.public and _is_loopback_http(redirect_uri):
            bare = _without_port(redirect_uri)
            return any(_is_loopback_http(uri) and _without_port(uri) == bare for uri in self.redirect_uris)
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return crypto.secret_matches(client_secret, self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if endpoint == "introspection" and self.public:
            return False
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types

    def check_post_logout_redirect_uri(self, uri: str) -> bool:
        return uri in self.post_logout_redirect_uris


class ClientCache:
    """Per-process copies of client registrations, trusted for OIDC_CLIENT_CACHE_TTL seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, RegisteredClient | None]] = {}

    def get(self, client_id: str) -> RegisteredClient | None:
        ttl = current_app.config["OIDC_CLIENT_CACHE_TTL"]
        entry = self._entries.get(client_id)
        if entry is not None and time.monotonic() - entry[0] < ttl:
            return entry[1]
        row = db.session.scalar(select(Client).where(Client.client_id == client_id, Client.active))
        found = RegisteredClient.from_row(row) if row is not None else None
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            if found is not None:  # unknown ids are not cached: they cannot fill the cache
                self._entries[client_id] = (time.monotonic(), found)
        return found

    def forget(self, client_id: str) -> None:
        with self._lock:
            self._entries.pop(client_id, None)


def client_cache(app: Flask | None = None) -> ClientCache:
    return (app or current_app).extensions["satupintu.oidc.clients"]


def query_client(client_id: str | None) -> RegisteredClient | None:
    # ids come from forms, Basic credentials and JWT assertions: NUL (the door refuses it in forms
    # only) cannot be in a stored id, and PostgreSQL would fail on it
    if not isinstance(client_id, str) or not client_id or len(client_id) > 64 or "\x00" in client_id:
        return None
    return client_cache().get(client_id)


def new_client_id(name: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:24].strip("-")
    generated = f"{slug or 'client'}-{secrets.token_hex(6)}"
    # a name such as "0badcafe 1234 5678 9abc" would otherwise slug into a UUID's shape
    return f"client-{generated}" if is_uuid_shaped(generated) else generated


def is_uuid_shaped(client_id: str) -> bool:
    """Token subjects that parse as UUIDs are citizens (the /me endpoints rely on it), so a client
    id, which is the subject of its client-credentials tokens, must never parse as one."""
    try:
        uuid.UUID(client_id)
    except ValueError:
        return False
    return True


def _check_redirect_uri(uri: str, public: bool) -> None:
    parts = urlsplit(uri)
    if parts.fragment or not parts.scheme:
        raise ClientError("redirect_uris", "redirect_absolute", uri=uri)
    if parts.scheme == "http" and not _loopback(parts.hostname or "") and parts.hostname != "localhost":
        raise ClientError("redirect_uris", "redirect_http", uri=uri)
    if parts.scheme not in ("http", "https") and (not public or "." not in parts.scheme):
        # native apps use a private-use scheme in reverse-domain form (RFC 8252 section 7.1)
        raise ClientError("redirect_uris", "redirect_scheme", uri=uri)


def validate_registration(values: dict, *, known_scopes: set[str]) -> None:
    public = values["public"]
    method = values["auth_method"]
    if method not in (PUBLIC_METHODS if public else CONFIDENTIAL_METHODS):
        raise ClientError("auth_method", "auth_method", method=method)
    if method == "private_key_jwt" and not (values.get("jwks") or {}).get("keys"):
        raise ClientError("jwks", "jwks_required")
    grant_types = values["grant_types"]
    for grant_type in grant_types:
        if grant_type not in GRANT_TYPES:
            raise ClientError("grant_types", "unknown_grant_type", grant_type=grant_type)
    if public and "client_credentials" in grant_types:
        raise ClientError("grant_types", "public_client_credentials")
    if "authorization_code" in grant_types and not values["redirect_uris"]:
        raise ClientError("redirect_uris", "redirect_required")
    for uri in [*values["redirect_uris"], *values.get("post_logout_redirect_uris", ())]:
        _check_redirect_uri(uri, public)
    unknown = set(values["scopes"]) - known_scopes
    if unknown:
        raise ClientError("scopes", "unknown_scopes", scopes=", ".join(sorted(unknown)))
    if values.get("id_token_alg", "RS256") not in ("RS256", "ES256"):
        raise ClientError("id_token_alg", "id_token_alg")


def create_client(*, name: str, public: bool, auth_method: str, grant_types: list[str],
                  scopes: list[str], known_scopes: set[str], redirect_uris: list[str] = (),
                  post_logout_redirect_uris: list[str] = (), jwks: dict | None = None,
                  id_token_alg: str = "RS256", agency: str | None = None,  # noqa: S107
                  may_introspect: bool = False,
                  client_id: str | None = None) -> tuple[Client, str | None]:
    """Register a client; returns it and its secret (shown once; only a keyed hash is kept)."""
    values = dict(name=name, public=public, auth_method=auth_method, redirect_uris=list(redirect_uris),
                  grant_types=list(grant_types), scopes=list(scopes), jwks=jwks,
                  post_logout_redirect_uris=list(post_logout_redirect_uris), id_token_alg=id_token_alg)
    validate_registration(values, known_scopes=known_scopes)
    if client_id is not None and is_uuid_shaped(client_id):
        raise ClientError("client_id", "client_id_uuid")
    secret = crypto.new_token() if auth_method in ("client_secret_basic", "client_secret_post") else None
    row = Client(
        client_id=client_id or new_client_id(name), name=name, public=public, auth_method=auth_method,
        secret_hash=crypto.secret_hash(secret) if secret else None, jwks=jwks,
        redirect_uris=values["redirect_uris"], post_logout_redirect_uris=values["post_logout_redirect_uris"],
        grant_types=values["grant_types"], scopes=" ".join(dict.fromkeys(scopes)),
        id_token_alg=id_token_alg, agency=agency, may_introspect=may_introspect and not public,
    )
    db.session.add(row)
    audit.record("admin", "client.registered", payload={"client_id": row.client_id, "public": public,
                                                         "scopes": sorted(set(scopes))})
    db.session.commit()
    return row, secret


def update_client(row: Client, changes: dict, *, known_scopes: set[str]) -> Client:
    current = dict(name=row.name, public=row.public, auth_method=row.auth_method,
                   redirect_uris=row.redirect_uris, grant_types=row.grant_types, scopes=row.scopes.split(),
                   jwks=row.jwks, post_logout_redirect_uris=row.post_logout_redirect_uris,
                   id_token_alg=row.id_token_alg)
    merged = {**current, **changes}
    validate_registration(merged, known_scopes=known_scopes)
    for key, value in changes.items():
        setattr(row, key, " ".join(dict.fromkeys(value)) if key == "scopes" else value)
    audit.record("admin", "client.updated", payload={"client_id": row.client_id, "fields": sorted(changes)})
    db.session.commit()
    client_cache().forget(row.client_id)
    return row


def rotate_secret(row: Client) -> str:
    if row.auth_method not in ("client_secret_basic", "client_secret_post"):
        raise ClientError("auth_method", "no_secret")
    secret = crypto.new_token()
    row.secret_hash = crypto.secret_hash(secret)
    audit.record("admin", "client.secret_rotated", payload={"client_id": row.client_id})
    db.session.commit()
    client_cache().forget(row.client_id)
    return secret


def deactivate(row: Client) -> None:
    """Switched off: no new tokens, and the grants it holds are revoked at once."""
    from auth.oidc import store
    from auth.oidc.models import Grant

    row.active = False
    audit.record("admin", "client.deactivated", payload={"client_id": row.client_id})
    db.session.commit()
    client_cache().forget(row.client_id)
    store.revoke_grants_where(Grant.client_id == row.client_id)
