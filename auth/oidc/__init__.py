"""The OpenID Connect provider: clients, authorization, tokens, keys, SSO sessions and pages."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Register the authorization server, its endpoints, pages, CLI and the token authenticator."""
