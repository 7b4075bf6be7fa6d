"""Request and response bodies of the notifications API (unknown fields are refused)."""

from __future__ import annotations

import marshmallow as ma

from app.contracts.notifications import CATEGORIES
from app.notifications.models import EMAIL, INBOX, PUSH
from app.pagination import PageArgs, page_schema

PLATFORMS = ("android", "ios", "web")


class InboxArgs(PageArgs):
    unread = ma.fields.Boolean(metadata={"description": "true: unread only; false: read only"})
    category = ma.fields.String(validate=ma.validate.OneOf(CATEGORIES))


class CategoryArgs(ma.Schema):
    category = ma.fields.String(validate=ma.validate.OneOf(CATEGORIES))


class NotificationSchema(ma.Schema):
    id = ma.fields.UUID()
    title = ma.fields.String(metadata={"description": "In the reader's language (Accept-Language)."})
    body = ma.fields.String()
    link = ma.fields.String(metadata={"description": "Deep link: a path, https:// or satupintu:// URL."})
    category = ma.fields.String()
    module = ma.fields.String(metadata={"description": "The module or capability that sent it."})
    case_id = ma.fields.UUID(allow_none=True)
    document_id = ma.fields.UUID(allow_none=True)
    read = ma.fields.Boolean()
    read_at = ma.fields.DateTime(allow_none=True)
    created_at = ma.fields.DateTime()


NotificationPageSchema = page_schema(NotificationSchema, "NotificationPage")


class UnreadCountSchema(ma.Schema):
    unread = ma.fields.Integer()


class MarkedSchema(ma.Schema):
    marked = ma.fields.Integer(metadata={"description": "How many were unread and are now read."})


class ChannelSwitchesSchema(ma.Schema):
    inbox = ma.fields.Boolean(metadata={"description": "Always true: the inbox cannot be switched off."})
    email = ma.fields.Boolean()
    push = ma.fields.Boolean()


class CategorySwitchesSchema(ma.Schema):
    email = ma.fields.Boolean()
    push = ma.fields.Boolean()


CategoriesSchema = ma.Schema.from_dict(
    {category: ma.fields.Nested(CategorySwitchesSchema) for category in CATEGORIES},
    name="NotificationCategories")


class PreferencesSchema(ma.Schema):
    channels = ma.fields.Nested(ChannelSwitchesSchema, load_default=dict, metadata={
        "description": f"Channel switches ({INBOX}, {EMAIL}, {PUSH}); absent means on."})
    categories = ma.fields.Nested(CategoriesSchema, load_default=dict, metadata={
        "description": "Per category, per channel; absent means on."})
    labels = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), dump_only=True, metadata={
        "description": "Each category's name in the reader's language."})


class DeviceRequestSchema(ma.Schema):
    token = ma.fields.String(required=True, validate=ma.validate.Length(min=20, max=4096),
                             metadata={"description": "The FCM registration token of this device."})
    platform = ma.fields.String(required=True, validate=ma.validate.OneOf(PLATFORMS))
    label = ma.fields.String(load_default="", validate=ma.validate.Length(max=80))


class DeviceSchema(ma.Schema):
    id = ma.fields.UUID()
    platform = ma.fields.String()
    label = ma.fields.String()
    active = ma.fields.Boolean(metadata={"description": "False once push reported the token unregistered."})
    created_at = ma.fields.DateTime()
    deactivated_at = ma.fields.DateTime(allow_none=True)


class DeviceListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DeviceSchema))
