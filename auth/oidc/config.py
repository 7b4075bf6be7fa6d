"""Provider settings: defaults (overridable by SATUPINTU_OIDC_* variables) and derived values."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request

from app.config import ConfigError, apply_defaults

DEFAULTS: dict[str, Any] = {
    "OIDC_ISSUER": "",  # e.g. https://sso.example.go.id; empty: the request's own root URL
    "OIDC_KEY_SECRET": "",  # encrypts signing keys and keys client-secret hashes; empty: SECRET_KEY
    "OIDC_ACCESS_TOKEN_ALG": "ES256",  # RS256 or ES256; ID tokens default to RS256 (OIDC)
    "OIDC_ACCESS_TOKEN_TTL": 300,
    "OIDC_ID_TOKEN_TTL": 600,
    "OIDC_CODE_TTL": 60,
    "OIDC_REFRESH_TOKEN_TTL": 30 * 24 * 3600,
    "OIDC_SESSION_IDLE": 30 * 60,  # NIST SP 800-63B AAL2: 30 minutes idle, 12 hours absolute
    "OIDC_SESSION_ABSOLUTE": 12 * 3600,
    "OIDC_TICKET_TTL": 30 * 60,  # how long a pending authorization request may wait for login
    "OIDC_CLIENT_CACHE_TTL": 5.0,  # seconds a process trusts its copy of a client registration
    "OIDC_LEEWAY": 30,  # clock skew tolerated when checking exp/iat
}

SIGNING_ALGORITHMS = ("RS256", "ES256")
CORE_SCOPES = ("openid", "profile", "email", "phone", "address", "offline_access", "nik")


def load(app: Flask) -> None:
    """Fill missing settings and give SATUPINTU_OIDC_* strings the type of their default."""
    apply_defaults(app.config, DEFAULTS)
    if app.config["OIDC_ACCESS_TOKEN_ALG"] not in SIGNING_ALGORITHMS:
        raise ConfigError(f"SATUPINTU_OIDC_ACCESS_TOKEN_ALG must be one of {SIGNING_ALGORITHMS}")
    if app.config["ENV"] == "production" and not app.config["OIDC_ISSUER"].startswith("https://"):
        raise ConfigError("SATUPINTU_OIDC_ISSUER must be set to the https:// URL of the provider "
                          "in production.")


def issuer() -> str:
    configured = current_app.config["OIDC_ISSUER"]
    if configured:
        return configured.rstrip("/")
    return _request_root()


_ROOTS: dict[tuple, str] = {}
_ROOT_KEY = "satupintu.oidc.root"  # this request's root, kept in its own WSGI environ


def _request_root() -> str:
    """`request.url_root` without its trailing slash, remembered per (scheme, Host header, script
    root), the only inputs it has: werkzeug rebuilds and re-encodes the URL on every request, which
    cost more than checking a token's claims. Only roots werkzeug accepted are kept (a Host outside
    TRUSTED_HOSTS raises as before), and at most a few hundred (the Host header is the client's).
    Asked several times per request, it is looked up once (the environ is the request's alone)."""
    environ = request.environ
    root = environ.get(_ROOT_KEY)
    if root is not None:
        return root
    key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
           environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"), environ.get("HTTP_X_FORWARDED_HOST"),
           environ.get("HTTP_X_FORWARDED_PROTO"))
    root = _ROOTS.get(key)
    if root is None:
        root = request.url_root.rstrip("/")
        if len(_ROOTS) >= 256:
            _ROOTS.clear()
        _ROOTS[key] = root
    environ[_ROOT_KEY] = root
    return root


def api_audience() -> str:
    """The `aud` of access tokens: the SatuPintu API as a resource server."""
    return issuer() + "/api/v1"


def cookies_secure(app: Flask | None = None) -> bool:
    """Cookies are `Secure` except on a development machine served over plain http."""
    config = (app or current_app).config
    return not (config["ENV"] == "development" and not config["OIDC_ISSUER"].startswith("https://"))


def setting(key: str) -> Any:
    return current_app.config[key]
