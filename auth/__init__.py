"""Identity and single sign-on: accounts, sessions and the OpenID Connect provider."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Install identity into the app (called by create_app after the service modules)."""
    from auth.accounts import install as install_accounts
    from auth.oidc import install as install_oidc

    install_accounts(app)
    install_oidc(app)
