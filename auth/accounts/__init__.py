"""Citizen and staff accounts: registration, credentials, one-time codes, MFA, suspension."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Register account blueprints, CLI and services on the app."""
    from auth.accounts import crypto, messages  # noqa: F401 - registers the account texts
    from auth.accounts import models as _models  # noqa: F401 - registers the tables
    from auth.accounts.settings import apply_defaults

    apply_defaults(app)
    crypto.install(app)
