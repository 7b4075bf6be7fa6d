"""/api/v1/me/notifications: the citizen's inbox, unread count, preferences and push devices
(scope `notifications`). Someone else's notification or device answers 404 like a random id."""

from __future__ import annotations

from flask import Response

from app import i18n
from app.access import citizen_id, require_scope
from app.api import API_PREFIX, Blueprint
from app.notifications import preferences, service
from app.notifications.schemas import (
    CategoryArgs,
    DeviceListSchema,
    DeviceRequestSchema,
    DeviceSchema,
    InboxArgs,
    MarkedSchema,
    NotificationPageSchema,
    NotificationSchema,
    PreferencesSchema,
    UnreadCountSchema,
)

SCOPE = "notifications"

blp = Blueprint("notifications", __name__, url_prefix=f"{API_PREFIX}/me/notifications",
                description="The citizen's notification inbox, preferences and push devices.")


@blp.route("", methods=["GET"])
@require_scope(SCOPE)
@blp.arguments(InboxArgs, location="query")
@blp.response(200, NotificationPageSchema)
def list_notifications(args):
    """The inbox, newest first (filter: unread, category), in the reader's language."""
    rows, total = service.list_inbox(citizen_id(), unread=args.get("unread"), category=args.get("category"),
                                     page=args["page"], per_page=args["per_page"])
    locale = i18n.current_locale()
    return {"items": [service.view(row, locale) for row in rows], "page": args["page"],
            "per_page": args["per_page"], "total": total}, 200


@blp.route("/unread-count", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, UnreadCountSchema)
def unread_count():
    """How many notifications are unread (for the badge; one index-only query)."""
    # Polled by every open app: answered without the schema dump and jsonify (same body).
    body = b'{"unread": %d}\n' % service.unread_count(citizen_id())
    return Response(body, 200, mimetype="application/json")


@blp.route("/read-all", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(CategoryArgs, location="query")
@blp.response(200, MarkedSchema)
def mark_all_read(args):
    """Mark every unread notification (of a category) read."""
    return {"marked": service.mark_all_read(citizen_id(), args.get("category"))}, 200


@blp.route("/<uuid:notification_id>", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, NotificationSchema)
def get_notification(notification_id):
    """One notification."""
    return service.view(service.own(citizen_id(), notification_id), i18n.current_locale()), 200


@blp.route("/<uuid:notification_id>/read", methods=["POST"])
@require_scope(SCOPE)
@blp.response(200, NotificationSchema)
def mark_read(notification_id):
    """Mark one notification read (again: no change)."""
    notification = service.mark_read(citizen_id(), notification_id)
    return service.view(notification, i18n.current_locale()), 200


@blp.route("/preferences", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, PreferencesSchema)
def get_preferences():
    """Which channels carry which categories (the inbox always carries everything)."""
    return preferences.get_preferences(citizen_id()), 200


@blp.route("/preferences", methods=["PUT"])
@require_scope(SCOPE)
@blp.arguments(PreferencesSchema)
@blp.response(200, PreferencesSchema)
def put_preferences(body):
    """Replace the preferences; a switch not given is on."""
    return preferences.put_preferences(citizen_id(), body["channels"], body["categories"]), 200


@blp.route("/devices", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, DeviceListSchema)
def list_devices():
    """Devices registered for push (their tokens are not shown)."""
    return {"items": preferences.list_devices(citizen_id())}, 200


@blp.route("/devices", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(DeviceRequestSchema)
@blp.response(201, DeviceSchema)
def register_device(body):
    """Register this device's FCM token (again: refreshed; 200 instead of 201)."""
    device, created = preferences.register_device(citizen_id(), body["token"], body["platform"],
                                                  body["label"])
    return device, 201 if created else 200


@blp.route("/devices/<uuid:device_id>", methods=["DELETE"])
@require_scope(SCOPE)
@blp.response(204)
def unregister_device(device_id):
    """Stop push to a device (e.g. at sign-out on it)."""
    preferences.unregister_device(citizen_id(), device_id)
