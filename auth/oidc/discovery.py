"""Provider metadata: OpenID Connect Discovery 1.0 and RFC 8414 (the same document)."""

from __future__ import annotations

from flask import current_app

from auth.oidc.config import SIGNING_ALGORITHMS, issuer

AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]
CLAIMS = ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "sid", "name",
          "birthdate", "gender", "locale", "updated_at", "ial", "email", "email_verified", "phone_number",
          "phone_number_verified", "address", "nik"]


def metadata() -> dict:
    base = issuer()
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/oauth/authorize",
        "token_endpoint": f"{base}/oauth/token",
        "userinfo_endpoint": f"{base}/oauth/userinfo",
        "jwks_uri": f"{base}/oauth/jwks",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "introspection_endpoint": f"{base}/oauth/introspect",
        "end_session_endpoint": f"{base}/oauth/logout",
        "scopes_supported": current_app.config["OAUTH2_SCOPES_SUPPORTED"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": list(SIGNING_ALGORITHMS),
        "userinfo_signing_alg_values_supported": ["none"],
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": list(SIGNING_ALGORITHMS),
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": AUTH_METHODS[:-1],
        "code_challenge_methods_supported": ["S256"],
        "acr_values_supported": ["aal1", "aal2"],
        "prompt_values_supported": ["none", "login", "consent", "select_account"],
        "claims_supported": CLAIMS,
        "ui_locales_supported": ["id", "en"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "require_request_uri_registration": False,
    }
