"""The OpenID Connect provider: clients, authorization, tokens, keys, SSO sessions and pages."""

from __future__ import annotations

from flask import Flask, g


def install(app: Flask) -> None:
    """Register the authorization server, its endpoints, pages, CLI and the token authenticator."""
    from app.consent.export import register_exporter
    from app.modules.loader import tables_of
    from auth.oidc import admin_api, authn, cli, config, errors, logout, me_api, pages, sessions, views
    from auth.oidc import messages as _texts  # noqa: F401 - registers the page texts
    from auth.oidc import models as _models  # noqa: F401 - registers the tables
    from auth.oidc.clients import ClientCache
    from auth.oidc.keys import KeyRing
    from auth.oidc.server import build_server

    config.load(app)
    app.extensions["satupintu.tables"].update(dict.fromkeys(tables_of("auth.oidc"), "auth"))
    app.extensions["satupintu.oidc.keyring"] = KeyRing()
    app.extensions["satupintu.oidc.clients"] = ClientCache()
    app.extensions["satupintu.oidc.server"] = build_server(app)  # per app, after the module scopes

    # Flask-WTF keeps the pages' CSRF secret in Flask's session cookie.
    secure = config.cookies_secure(app)
    app.config.update(SESSION_COOKIE_NAME="__Host-satupintu_csrf" if secure else "satupintu_csrf",
                      SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_PATH="/")

    errors.init_app(app)
    app.before_request(_forget_previous_request)
    assert logout.bp is pages.bp  # logout's route lives on the pages blueprint
    app.register_blueprint(views.bp)
    app.register_blueprint(pages.bp)
    api = app.extensions["satupintu.api"]
    api.register_blueprint(me_api.blp)
    api.register_blueprint(admin_api.blp)
    app.extensions["satupintu.authenticators"].append(authn.authenticate)
    register_exporter(app, "sign_in", sessions.export)
    _allow_browser_apps(app)
    app.cli.add_command(cli.keys_cli)
    app.cli.add_command(cli.clients_cli)
    app.cli.add_command(cli.sso_cli)


_PER_REQUEST = ("sso_session", "oidc_account_id", "oidc_access_token", "csrf_token")


def _forget_previous_request() -> None:
    """Per-request values live on `g`, which tests may share between requests."""
    values = vars(g._get_current_object())  # the proxy resolved once, not once per name
    for name in _PER_REQUEST:
        values.pop(name, None)


def _allow_browser_apps(app: Flask) -> None:
    """CORS for the endpoints a browser app (SPA) calls itself, for the configured origins only;
    never for the authorization endpoint or the sign-in pages, which are navigated to."""
    from flask_cors import CORS

    origins = list(app.config["CORS_ORIGINS"])
    if origins:
        paths = r"/(oauth/(token|userinfo|revoke|jwks)|\.well-known/.*)"
        CORS(app, resources={paths: {"origins": origins}}, allow_headers=["Authorization", "Content-Type"],
             max_age=600)
