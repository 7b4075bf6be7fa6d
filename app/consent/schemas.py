"""Documented shapes of the data-sharing API (the service builds plain dicts in these shapes)."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma

from app.consent.access_log import decode_cursor
from app.modules.validate import SLUG

REQUEST_STATUSES = ("pending", "approved", "refused", "expired")
CONSENT_STATUSES = ("active", "withdrawn", "expired")


class DataModuleSchema(ma.Schema):
    slug = ma.fields.String()
    name = ma.fields.String()


class DataAgencySchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class DataCodedTextSchema(ma.Schema):
    code = ma.fields.String()
    description = ma.fields.String()


class _Shared(ma.Schema):
    id = ma.fields.UUID()
    module = ma.fields.Nested(DataModuleSchema)
    agency = ma.fields.Nested(DataAgencySchema)
    purpose = ma.fields.Nested(DataCodedTextSchema)
    items = ma.fields.List(ma.fields.String(), metadata={
        "description": '"profile:<field>", "document:<type>", "document:<id>" or "<module>:<dataset>"'})


class DataConsentRequestSchema(_Shared):
    status = ma.fields.String(metadata={"enum": list(REQUEST_STATUSES)})
    created_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime(metadata={"description": "An unanswered request lapses then."})
    decided_at = ma.fields.DateTime(allow_none=True)
    consent_days = ma.fields.Float(metadata={"description": "How long the consent lasts once approved."})


class DataConsentSchema(_Shared):
    status = ma.fields.String(metadata={"enum": list(CONSENT_STATUSES)})
    granted_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime()
    withdrawn_at = ma.fields.DateTime(allow_none=True)
    request_id = ma.fields.UUID(allow_none=True)


class DataRequestQuery(ma.Schema):
    status = ma.fields.String(validate=ma.validate.OneOf(REQUEST_STATUSES))


class DataConsentQuery(ma.Schema):
    status = ma.fields.String(validate=ma.validate.OneOf(CONSENT_STATUSES))


class DataAccessActorSchema(ma.Schema):
    kind = ma.fields.String(metadata={"enum": ["officer", "system", "representative", "citizen"],
                                      "description": "citizen: the citizen themself; representative: "
                                                     "someone acting for them under a delegation."})
    id = ma.fields.String(metadata={"description": "The actor's account id, or \"system\"."})
    label = ma.fields.String(metadata={"description": "The kind, in the requested language."})


class DataAccessSchema(ma.Schema):
    id = ma.fields.UUID()
    time = ma.fields.DateTime(metadata={"description": "UTC, always with six fraction digits"})
    module = ma.fields.Nested(DataModuleSchema)
    agency = ma.fields.Nested(DataAgencySchema)
    actor = ma.fields.Nested(DataAccessActorSchema)
    purpose = ma.fields.Nested(DataCodedTextSchema)
    basis = ma.fields.Nested(DataCodedTextSchema, metadata={
        "description": "consent, a lawful basis the module declared (e.g. legal_duty), or none"})
    allowed = ma.fields.List(ma.fields.String())
    refused = ma.fields.List(ma.fields.String())
    reason = ma.fields.String(allow_none=True, metadata={
        "description": "Why items were refused: no_consent, undeclared, module_disabled; for a "
                       "representative's attempt on the profile or wallet: out_of_scope, read_only"})
    outcome = ma.fields.String(metadata={"enum": ["allowed", "partial", "refused"]})


class DataAccessPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DataAccessSchema))
    next_cursor = ma.fields.String(allow_none=True, metadata={
        "description": "Pass as `cursor` for the next (older) page; null on the last page."})


class Cursor(ma.fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return decode_cursor(text)
        except ValueError as error:
            raise ma.ValidationError("Invalid value.") from error


class DataAccessQuery(ma.Schema):
    module = ma.fields.String(validate=ma.validate.Regexp(SLUG))
    since = ma.fields.AwareDateTime(default_timezone=dt.UTC, metadata={"description": "From this time on."})
    until = ma.fields.AwareDateTime(default_timezone=dt.UTC, metadata={"description": "Before this time."})
    cursor = Cursor(validate=ma.validate.Length(max=200))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


class DataExportSchema(ma.Schema):
    format = ma.fields.String()
    subject = ma.fields.String()
    exported_at = ma.fields.String()
    sections = ma.fields.Dict(metadata={"description": "One section per capability or module holding data."})
