"""/api/v1/documents: public verification of a document token, and opening share links.

Both are rate limited per client IP; answers are never cached, so revocation shows at once.
"""

from __future__ import annotations

from flask import Response, json, request

from app.access import public
from app.api import API_PREFIX, Blueprint, documented, documented_response
from app.documents import service, sharing, verification
from app.documents.api import pdf_response
from app.documents.schemas import SharedDocumentSchema, VerificationSchema
from app.documents.signing import MAX_TOKEN_LENGTH
from app.limits import rate_limit
from app.problems import Problem

TOKEN_PARAMETER = {"in": "query", "name": "token", "required": True, "description": "A document token.",
                   "schema": {"type": "string", "minLength": 1, "maxLength": MAX_TOKEN_LENGTH}}
blp = Blueprint("documents_public", __name__, url_prefix=f"{API_PREFIX}/documents",
                description="Checking documents and opening shared ones.")


@blp.route("/verify", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_VERIFY")
@documented(parameters=[TOKEN_PARAMETER])
@documented_response(blp, 200, VerificationSchema)
def verify():
    """Is this document token genuine and the document still valid? Offline verifiers can check
    the signature against /oauth/jwks; only this answer knows about revocation."""
    body = json.dumps(verification.verify(_token_argument()))  # plain values: no schema pass
    return Response(body, mimetype="application/json")


def _token_argument() -> str:
    """The `token` query parameter, read by hand on this hot path with the argument parser's
    rules and messages: a missing or oversized token and unknown parameters are 422."""
    args = request.args
    errors = {name: ["Unknown field."] for name in args if name != "token"}
    token = args.get("token")
    if token is None:
        errors["token"] = ["Missing data for required field."]
    elif not 1 <= len(token) <= MAX_TOKEN_LENGTH:
        errors["token"] = [f"Length must be between 1 and {MAX_TOKEN_LENGTH}."]
    if errors:
        raise Problem(422, errors=errors)
    return token


@blp.route("/shared/<token>", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_SHARED")
@blp.response(200, SharedDocumentSchema)
def open_shared(token):
    """The document behind a share link (404 once the link expired or was revoked)."""
    detail = service.detail(sharing.open_link(token))
    return {key: detail[key] for key in SharedDocumentSchema._declared_fields}, 200


@blp.route("/shared/<token>/pdf", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_SHARED")
@blp.response(200, content_type="application/pdf", description="The shared document as PDF.")
def open_shared_pdf(token):
    """The PDF behind a share link."""
    document = sharing.open_link(token)
    return pdf_response(document, str(document.id))
