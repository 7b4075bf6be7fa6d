"""Request and response bodies of the cases APIs (unknown fields are refused)."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from app.pagination import PageArgs, page_schema

_CODE = ma.validate.Length(min=1, max=80)
_STATE = ma.validate.Length(min=1, max=32)
_REASON = ma.validate.Length(max=2000)


class CaseListArgs(PageArgs):
    state = ma.fields.String(validate=_STATE)
    module = ma.fields.String(validate=_CODE)
    service = ma.fields.String(validate=_CODE)


class QueueArgs(CaseListArgs):
    overdue = ma.fields.Boolean(metadata={"description": "Only overdue cases (true), or no overdue ones."})
    due_before = ma.fields.AwareDateTime()
    mine = ma.fields.Boolean(load_default=False, metadata={"description": "Only cases I claimed."})


class ServiceArgs(ma.Schema):
    module = ma.fields.String(required=True, validate=_CODE)
    service = ma.fields.String(required=True, validate=_CODE)


class CaseCreateSchema(ServiceArgs):
    form = ma.fields.Dict(load_default=dict, metadata={"description": "Checked against the service's "
                                                                        "JSON Schema on submission."})
    submit = ma.fields.Boolean(load_default=False, metadata={"description": "Submit at once (else a draft)."})
    prefill = ma.fields.Boolean(load_default=False, metadata={
        "description": "Fill missing fields from the profile, as far as the citizen consented."})


class FormSchema(ma.Schema):
    form = ma.fields.Dict(required=True)


class SubmitSchema(ma.Schema):
    form = ma.fields.Dict(metadata={"description": "Replaces the draft's form when given."})


class CorrectionAnswerSchema(ma.Schema):
    form = ma.fields.Dict(required=True)
    comment = ma.fields.String(load_default="", validate=_REASON)


class ReasonSchema(ma.Schema):
    reason = ma.fields.String(load_default="", validate=_REASON)


class TransitionSchema(ReasonSchema):
    to = ma.fields.String(required=True, validate=_STATE)


class CorrectionRequestSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class CommentSchema(ma.Schema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=4000))


class StaffCommentSchema(CommentSchema):
    internal = ma.fields.Boolean(load_default=True, metadata={"description": "Staff only (default) or "
                                                                             "visible to the citizen."})


class UploadSchema(ma.Schema):
    file = Upload(required=True)


class CaseSummarySchema(ma.Schema):
    id = ma.fields.UUID()
    number = ma.fields.String()
    module = ma.fields.String()
    service = ma.fields.String()
    service_title = ma.fields.String()
    agency = ma.fields.String()
    state = ma.fields.String()
    state_label = ma.fields.String()
    fee = ma.fields.Integer(metadata={"description": "IDR"})
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    submitted_at = ma.fields.DateTime(allow_none=True)
    due_at = ma.fields.DateTime(allow_none=True)
    overdue = ma.fields.Boolean()
    escalated = ma.fields.Boolean()


CasePage = page_schema(CaseSummarySchema, "CasePage")


class EventSchema(ma.Schema):
    id = ma.fields.UUID()
    at = ma.fields.DateTime()
    kind = ma.fields.String(metadata={"description": "transition | comment | attachment | claim | escalation "
                                                     "| external"})
    from_state = ma.fields.String(allow_none=True)
    to_state = ma.fields.String(allow_none=True)
    actor = ma.fields.String()
    actor_role = ma.fields.String()
    on_behalf_of = ma.fields.UUID(allow_none=True)
    body = ma.fields.String()
    internal = ma.fields.Boolean()


class AttachmentSchema(ma.Schema):
    id = ma.fields.UUID()
    filename = ma.fields.String()
    content_type = ma.fields.String()
    size = ma.fields.Integer()
    sha256 = ma.fields.String()
    created_at = ma.fields.DateTime()


class CaseDetailSchema(CaseSummarySchema):
    form = ma.fields.Dict()
    subject_id = ma.fields.UUID()
    actor_id = ma.fields.UUID()
    invoice_id = ma.fields.UUID(allow_none=True)
    document_id = ma.fields.UUID(allow_none=True)
    assignee_id = ma.fields.UUID(allow_none=True)
    allowed_transitions = ma.fields.List(ma.fields.String())
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema))
    timeline = ma.fields.List(ma.fields.Nested(EventSchema))


class PrefillSchema(ma.Schema):
    values = ma.fields.Dict()
