"""Request and response shapes of /api/v1/me/delegations."""

from __future__ import annotations

import marshmallow as ma

MAX_MODULES = 20


class TermsSchema(ma.Schema):
    modules = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=32)), required=True,
                             validate=ma.validate.Length(min=1, max=MAX_MODULES),
                             metadata={"description": "Service module slugs the delegation covers, and the "
                                                       "core capabilities it may read: \"profile\" "
                                                       "(the profile) and \"documents\" (the wallet)."})
    valid_until = ma.fields.AwareDateTime(required=True, metadata={
        "description": "Capped at one year (and, for a child, at their 17th birthday)."})


class GrantSchema(TermsSchema):
    representative = ma.fields.UUID(required=True,
                                    metadata={"description": "The representative's account id."})


class DelegationSchema(ma.Schema):
    id = ma.fields.UUID()
    kind = ma.fields.String(metadata={"description": "parent | representative"})
    grantor = ma.fields.UUID(attribute="grantor_id", metadata={"description": "The subject, acted for."})
    representative = ma.fields.UUID(attribute="representative_id", metadata={"description": "The actor."})
    modules = ma.fields.List(ma.fields.String())
    valid_until = ma.fields.DateTime()
    status = ma.fields.String(metadata={"description": "pending | active | expired | revoked"})
    created_at = ma.fields.DateTime()
    accepted_at = ma.fields.DateTime(allow_none=True)
    revoked_at = ma.fields.DateTime(allow_none=True)


class DelegationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DelegationSchema))


class ChildSchema(ma.Schema):
    account_id = ma.fields.UUID()
    name = ma.fields.String()
    birth_date = ma.fields.Date()
    adult_on = ma.fields.DateTime(metadata={"description": "Delegations for the child end by then."})


class ChildListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ChildSchema))


class ActTokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer()
    issued_token_type = ma.fields.String()
