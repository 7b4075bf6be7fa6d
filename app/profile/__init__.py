"""Citizen profile (once-only data entry): service "profile" (app.contracts.profile) and
/api/v1/me/profile."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from app.consent.export import register_exporter
    from app.delegation.capabilities import accept_delegated_tokens
    from app.profile import messages  # noqa: F401 - registers the texts
    from app.profile import models as _models  # noqa: F401 - registers the tables
    from app.profile.api import blp
    from app.profile.claims import address_claim
    from app.profile.service import ProfileService, export, follow_account
    from app.profile.store import reencrypt
    from auth.accounts.changes import add_listener
    from auth.accounts.reencrypt import register as register_reencryption

    app.extensions["satupintu.services"].provide("profile", ProfileService, owner="core")
    app.extensions["satupintu.api"].register_blueprint(blp)
    accept_delegated_tokens(app, blp.name)  # reads under a delegation naming "profile"
    register_exporter(app, "profile", export)
    register_reencryption(app, "profile", reencrypt)
    # a stored profile follows later changes of the account it was seeded from
    add_listener(app, follow_account)
    # OpenID Connect claims single sign-on builds from the profile, by scope
    app.extensions.setdefault("satupintu.oidc.claims", {})["address"] = address_claim
