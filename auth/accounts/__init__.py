"""Citizen and staff accounts: registration, credentials, one-time codes, MFA, suspension.

Other parts use `auth.accounts.service` (sign-in, second factor, active account, claims).
"""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

ACCOUNT_SCOPE = Scope("account", {
    "id": "Mengelola akun SatuPintu Anda (kata sandi, autentikasi dua langkah, ponsel, email)",
    "en": "Manage your SatuPintu account (password, two-step verification, phone, email)",
})


def install(app: Flask) -> None:
    """Register account blueprints, CLI and services on the app."""
    from app.consent.export import register_exporter
    from auth.accounts import crypto, messages  # noqa: F401 - registers the account texts
    from auth.accounts import models as _models  # noqa: F401 - registers the tables
    from auth.accounts.api import blp as accounts_blp
    from auth.accounts.cli import reencrypt, users_cli
    from auth.accounts.export import export_account
    from auth.accounts.me_api import blp as me_blp
    from auth.accounts.reencrypt import reencrypt_accounts
    from auth.accounts.reencrypt import register as register_reencryption
    from auth.accounts.registry import registry_from_config
    from auth.accounts.settings import apply_defaults
    from auth.accounts.staff_api import admin_blp, staff_blp
    from auth.oidc.cli import keys_cli

    apply_defaults(app)
    crypto.install(app)
    app.extensions["satupintu.population_registry"] = registry_from_config(app.config["POPULATION_REGISTRY"])
    app.extensions["satupintu.scopes"].add(ACCOUNT_SCOPE, owner="auth")
    api = app.extensions["satupintu.api"]
    for blueprint in (accounts_blp, me_blp, staff_blp, admin_blp):
        api.register_blueprint(blueprint)
    app.cli.add_command(users_cli)
    # data keys beside the signing keys: `flask keys reencrypt`
    keys_cli.add_command(reencrypt)
    register_reencryption(app, "accounts", reencrypt_accounts)
    register_exporter(app, "account", export_account)
