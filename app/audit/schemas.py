from __future__ import annotations

import json

import marshmallow as ma

from app.audit.chain import CHAIN_NAME


class AuditVerifyQuery(ma.Schema):
    chain = ma.fields.String(validate=ma.validate.Regexp(CHAIN_NAME))


class AuditChainReportSchema(ma.Schema):
    chain = ma.fields.String()
    entries = ma.fields.Integer(metadata={"description": "Entries checked up to the first broken link."})
    ok = ma.fields.Boolean()
    broken_at = ma.fields.Integer(allow_none=True,
                                  metadata={"description": "Sequence number of the first broken link."})
    problem = ma.fields.String(allow_none=True, metadata={
        "description": "missing | previous_hash | hash | head"})


class AuditVerifyResultSchema(ma.Schema):
    ok = ma.fields.Boolean()
    chains = ma.fields.List(ma.fields.Nested(AuditChainReportSchema))


class AuditEntriesQuery(ma.Schema):
    after = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0),
                              metadata={"description": "Return entries after this sequence number."})
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100))


class AuditEntrySchema(ma.Schema):
    chain = ma.fields.String()
    sequence = ma.fields.Integer()
    occurred_at = ma.fields.DateTime()
    action = ma.fields.String()
    actor = ma.fields.String()
    subject = ma.fields.String(allow_none=True)
    payload = ma.fields.Method("parse_payload")
    previous_hash = ma.fields.String()
    hash = ma.fields.String()

    def parse_payload(self, entry) -> dict:
        return json.loads(entry.payload)
