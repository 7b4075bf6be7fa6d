"""Response bodies of the profile API (requests: app.profile.fields.ProfileValuesSchema)."""

from __future__ import annotations

import marshmallow as ma

from app.contracts.profile import FIELDS
from app.pagination import page_schema


class FieldStateSchema(ma.Schema):
    value = ma.fields.Raw(allow_none=True, metadata={"description": "null: not filled in"})
    source = ma.fields.String(allow_none=True, metadata={
        "description": "self | registry:<name> | document:<id>"})
    verified_at = ma.fields.DateTime(allow_none=True)


class ProfileSchema(ma.Schema):
    version = ma.fields.Integer(metadata={"description": "0 until the first change is stored"})
    fields = ma.fields.Dict(keys=ma.fields.String(validate=ma.validate.OneOf(FIELDS)),
                            values=ma.fields.Nested(FieldStateSchema))


class ProfileChangeSchema(ma.Schema):
    version = ma.fields.Integer()
    changed_at = ma.fields.DateTime()
    field = ma.fields.String()
    actor = ma.fields.String(metadata={"description": "self, or the module that confirmed the value"})
    old_value = ma.fields.Raw(allow_none=True)
    new_value = ma.fields.Raw(allow_none=True)
    old_source = ma.fields.String(allow_none=True)
    new_source = ma.fields.String(allow_none=True)


ProfileHistorySchema = page_schema(ProfileChangeSchema, "ProfileHistory")
