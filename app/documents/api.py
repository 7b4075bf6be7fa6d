"""/api/v1/me/documents: the citizen's wallet (scope `documents`): list, read, PDF, share.

Someone else's document answers 404 exactly like a document that does not exist.
"""

from __future__ import annotations

from flask import Response

from app import i18n
from app.access import require_scope
from app.api import API_PREFIX, Blueprint
from app.delegation.capabilities import caller_for, record_read
from app.documents import service, sharing
from app.documents.schemas import (
    DocumentDetailSchema,
    DocumentListArgs,
    DocumentPageSchema,
    LinkListSchema,
    LinkRequestSchema,
    ModuleShareRequestSchema,
    ModuleShareSchema,
    NewLinkSchema,
)

SCOPE = "documents"

blp = Blueprint("documents", __name__, url_prefix=f"{API_PREFIX}/me/documents",
                description="The citizen's documents wallet.")


def _account_id(*, write: bool = False):
    """The wallet's owner: the caller, or the subject of a delegation naming "documents" (reads only)."""
    return caller_for(SCOPE, write=write)


def pdf_response(document, filename: str) -> Response:
    from app.documents.rendering import render_pdf  # fpdf2 costs ~1 s to import: only when a PDF is asked for

    body = render_pdf(service.detail(document), base_url=service.issuer(), locale=i18n.current_locale())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}.pdf"'})


@blp.route("", methods=["GET"])
@require_scope(SCOPE)
@blp.arguments(DocumentListArgs, location="query")
@blp.response(200, DocumentPageSchema)
def list_documents(args):
    """The citizen's documents, newest first (filter by status or type)."""
    rows, total = service.list_documents(_account_id(), status=args.get("status"), type=args.get("type"),
                                         page=args["page"], per_page=args["per_page"])
    record_read(SCOPE, [f"document:{row.id}" for row in rows] or ["document:none"])
    return {"items": [service.summary(row) for row in rows], "page": args["page"],
            "per_page": args["per_page"], "total": total}, 200


@blp.route("/<uuid:document_id>", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, DocumentDetailSchema)
def get_document(document_id):
    """One document with its data and signed token."""
    body = service.detail(service.own_document(_account_id(), document_id))
    record_read(SCOPE, [f"document:{document_id}"])
    return body, 200


@blp.route("/<uuid:document_id>/pdf", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, content_type="application/pdf", description="The document as PDF, with a QR code.")
def get_pdf(document_id):
    """Download the PDF."""
    document = service.own_document(_account_id(), document_id)
    record_read(SCOPE, [f"document:{document_id}:pdf"])
    return pdf_response(document, str(document_id))


@blp.route("/<uuid:document_id>/links", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, LinkListSchema)
def list_links(document_id):
    """Share links of this document (their tokens are never shown again)."""
    items = sharing.list_links(_account_id(), document_id)
    record_read(SCOPE, [f"document:{document_id}:links"])
    return {"items": items}, 200


@blp.route("/<uuid:document_id>/links", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(LinkRequestSchema)
@blp.response(201, NewLinkSchema)
def create_link(body, document_id):
    """A link anyone holding it may open until it expires or is revoked."""
    share, token = sharing.create_link(_account_id(write=True), document_id, hours=body["hours"])
    return {"id": share.id, "created_at": share.created_at, "expires_at": share.expires_at,
            "revoked_at": None, "opened_count": 0, "last_opened_at": None,
            "url": f"{service.issuer()}{API_PREFIX}/documents/shared/{token}"}, 201


@blp.route("/<uuid:document_id>/links/<uuid:link_id>", methods=["DELETE"])
@require_scope(SCOPE)
@blp.response(204)
def revoke_link(document_id, link_id):
    """Revoke a link: it stops working at once."""
    sharing.revoke_link(_account_id(write=True), document_id, link_id)


@blp.route("/<uuid:document_id>/module-shares", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(ModuleShareRequestSchema)
@blp.response(201, ModuleShareSchema)
def share_with_module(body, document_id):
    """Offer this document to a module for one of its declared purposes: creates a consent
    request the citizen approves in the consent API (and may withdraw there)."""
    request_id = sharing.request_module_share(_account_id(write=True), document_id, module=body["module"],
                                              purpose=body["purpose"], days=body["days"])
    return {"consent_request_id": request_id}, 201
