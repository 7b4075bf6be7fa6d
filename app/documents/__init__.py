"""Documents wallet: service "documents" (app.contracts.documents), the citizen's
/api/v1/me/documents and public verification at /api/v1/documents/verify."""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

DOCUMENTS_SCOPE = Scope("documents", {
    "id": "Melihat dan membagikan dokumen di dompet dokumen Anda",
    "en": "See and share the documents in your wallet",
})

DEFAULTS = {
    "DOCUMENTS_SIGNING_ALG": "ES256",  # ES256 (short QR codes) or RS256
    "DOCUMENTS_MAX_DATA_BYTES": 16 * 1024,
    "DOCUMENTS_PDF_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    # Per client IP; a verifier's scanner is one IP, a load test raises these.
    "RATELIMIT_DOCUMENT_VERIFY": "120/minute;2000/hour",
    "RATELIMIT_DOCUMENT_SHARED": "30/minute;300/hour",
}


def install(app: Flask) -> None:
    from app.config import apply_defaults
    from app.consent.export import register_exporter
    from app.consent.uses import register_item_resolver
    from app.delegation.capabilities import accept_delegated_tokens
    from app.documents import messages  # noqa: F401 - registers the texts
    from app.documents import models as _models  # noqa: F401 - registers the tables
    from app.documents.api import blp
    from app.documents.public_api import blp as public_blp
    from app.documents.service import DocumentsService, consent_kind, export, reencrypt
    from app.documents.signing import DocumentKeys, document_keys
    from auth.accounts.reencrypt import register as register_reencryption

    apply_defaults(app.config, DEFAULTS)
    if app.config["DOCUMENTS_SIGNING_ALG"] not in ("ES256", "RS256"):
        from app.config import ConfigError

        raise ConfigError("SATUPINTU_DOCUMENTS_SIGNING_ALG must be ES256 or RS256")
    register_item_resolver(app, "document", consent_kind)  # "document:<id>" -> "document:<type>"
    register_exporter(app, "documents", export)
    register_reencryption(app, "documents", reencrypt)
    app.extensions["satupintu.documents.keys"] = DocumentKeys()
    # Keys that signed documents stay in the provider's JWKS (auth.oidc.views.jwks).
    app.extensions.setdefault("satupintu.jwks.extra", []).append(lambda: document_keys().published())
    app.extensions["satupintu.scopes"].add(DOCUMENTS_SCOPE, owner="core")
    app.extensions["satupintu.services"].provide("documents", DocumentsService, owner="core")
    api = app.extensions["satupintu.api"]
    api.register_blueprint(blp)
    api.register_blueprint(public_blp)
    accept_delegated_tokens(app, blp.name)  # reads under a delegation naming "documents"
