"""Request and response bodies of the documents API (unknown fields are refused)."""

from __future__ import annotations

import marshmallow as ma

from app.documents.models import EXPIRED, STATUSES
from app.pagination import PageArgs, page_schema

LINK_HOURS_MAX = 30 * 24  # a link lives at most 30 days


class DocumentListArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf((*STATUSES, EXPIRED)))  # as the list shows them
    type = ma.fields.String(validate=ma.validate.Length(min=1, max=60))


class DocumentSummarySchema(ma.Schema):
    id = ma.fields.UUID()
    type = ma.fields.String()
    title = ma.fields.String()
    module = ma.fields.String()
    agency = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "valid | revoked | superseded | expired"})
    issued_at = ma.fields.DateTime()
    valid_until = ma.fields.DateTime(allow_none=True)


DocumentPageSchema = page_schema(DocumentSummarySchema, "DocumentPage")


class DocumentDetailSchema(DocumentSummarySchema):
    holder_name = ma.fields.String()
    data = ma.fields.Dict()
    status_changed_at = ma.fields.DateTime(allow_none=True)
    superseded_by = ma.fields.UUID(allow_none=True)
    token = ma.fields.String(metadata={"description": "The signed token the QR code carries."})


class LinkRequestSchema(ma.Schema):
    hours = ma.fields.Integer(load_default=72, validate=ma.validate.Range(min=1, max=LINK_HOURS_MAX))


class LinkSchema(ma.Schema):
    id = ma.fields.UUID()
    created_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime()
    revoked_at = ma.fields.DateTime(allow_none=True)
    opened_count = ma.fields.Integer()
    last_opened_at = ma.fields.DateTime(allow_none=True)


class NewLinkSchema(LinkSchema):
    url = ma.fields.String(metadata={"description": "Shown once: the token is stored hashed."})


class LinkListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(LinkSchema))


class ModuleShareRequestSchema(ma.Schema):
    module = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=32))
    purpose = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60))
    days = ma.fields.Integer(load_default=30, validate=ma.validate.Range(min=1, max=365))


class ModuleShareSchema(ma.Schema):
    consent_request_id = ma.fields.UUID(metadata={
        "description": "Approve it in the consent API to let the module read this document."})


class IssuerSchema(ma.Schema):
    module = ma.fields.String()
    module_title = ma.fields.String(allow_none=True)
    agency = ma.fields.String(allow_none=True)


class VerifiedDocumentSchema(ma.Schema):
    id = ma.fields.UUID()
    type = ma.fields.String()
    title = ma.fields.String()
    issuer = ma.fields.Nested(IssuerSchema)
    holder_name = ma.fields.String(metadata={"description": "Initials only."})
    issued_at = ma.fields.DateTime()
    valid_until = ma.fields.DateTime(allow_none=True)


class VerificationSchema(ma.Schema):
    valid = ma.fields.Boolean()
    status = ma.fields.String(metadata={"description": "valid | revoked | superseded | expired | invalid"})
    document = ma.fields.Nested(VerifiedDocumentSchema, metadata={"description": "absent when invalid"})


class SharedDocumentSchema(ma.Schema):
    id = ma.fields.UUID()
    type = ma.fields.String()
    title = ma.fields.String()
    module = ma.fields.String()
    agency = ma.fields.String(allow_none=True)
    status = ma.fields.String()
    issued_at = ma.fields.DateTime()
    valid_until = ma.fields.DateTime(allow_none=True)
    holder_name = ma.fields.String()
    data = ma.fields.Dict()
