"""/api/v1/documents: public verification of a document token, and opening share links.

Both are rate limited per client IP; answers are never cached, so revocation shows at once.
"""

from __future__ import annotations

from app.access import public
from app.api import API_PREFIX, Blueprint
from app.documents import service, sharing, verification
from app.documents.api import NO_STORE, pdf_response
from app.documents.schemas import SharedDocumentSchema, VerificationSchema, VerifyArgs
from app.limits import rate_limit

blp = Blueprint("documents_public", __name__, url_prefix=f"{API_PREFIX}/documents",
                description="Checking documents and opening shared ones.")


@blp.route("/verify", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_VERIFY")
@blp.arguments(VerifyArgs, location="query")
@blp.response(200, VerificationSchema)
def verify(args):
    """Is this document token genuine and the document still valid? Offline verifiers can check
    the signature against /oauth/jwks; only this answer knows about revocation."""
    return verification.verify(args["token"]), 200, NO_STORE


@blp.route("/shared/<token>", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_SHARED")
@blp.response(200, SharedDocumentSchema)
def open_shared(token):
    """The document behind a share link (404 once the link expired or was revoked)."""
    detail = service.detail(sharing.open_link(token))
    return {key: detail[key] for key in SharedDocumentSchema._declared_fields}, 200, NO_STORE


@blp.route("/shared/<token>/pdf", methods=["GET"])
@public
@rate_limit("RATELIMIT_DOCUMENT_SHARED")
@blp.response(200, content_type="application/pdf", description="The shared document as PDF.")
def open_shared_pdf(token):
    """The PDF behind a share link."""
    document = sharing.open_link(token)
    return pdf_response(document, str(document.id))
