"""Notifications: service "notifications" (app.contracts.notifications), the citizen's inbox,
preferences and push devices at /api/v1/me/notifications (scope `notifications`); delivery to
email and push through the transactional outbox (topic "notifications.deliver")."""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

NOTIFICATIONS_SCOPE = Scope("notifications", {
    "id": "Membaca notifikasi Anda dan mengatur cara Anda menerimanya",
    "en": "Read your notifications and choose how you receive them",
})

DEFAULTS = {
    "NOTIFICATIONS_EMAIL": "development",  # development | smtp (SMTP_* settings) | off
    "NOTIFICATIONS_PUSH": "development",  # development | fcm | off
    "NOTIFICATIONS_LINK_BASE": "",  # e.g. https://satupintu.go.id: relative deep links in email
    "NOTIFICATIONS_MAX_DEVICES": 10,  # push registrations per account (the oldest go first)
    "NOTIFICATIONS_FCM_CREDENTIALS": "",  # service-account JSON key, or a path to it
    "NOTIFICATIONS_FCM_PROJECT": "",  # default: the key's project_id
    "NOTIFICATIONS_FCM_TOKEN_URL": "",  # default: the key's token_uri
    "NOTIFICATIONS_FCM_SEND_URL": "https://fcm.googleapis.com/v1/projects/{project}/messages:send",
    "NOTIFICATIONS_FCM_TIMEOUT": 10.0,
}


def install(app: Flask) -> None:
    from app.config import ConfigError, apply_defaults
    from app.consent.export import register_exporter
    from app.notifications import messages  # noqa: F401 - registers the texts
    from app.notifications import models as _models  # noqa: F401 - registers the tables
    from app.notifications.api import blp
    from app.notifications.delivery import deliver_email, deliver_push
    from app.notifications.service import DELIVER_TOPIC, NotificationsService, export
    from app.outbox import consume

    apply_defaults(app.config, DEFAULTS)
    if app.config["NOTIFICATIONS_EMAIL"] not in ("development", "smtp", "off"):
        raise ConfigError("SATUPINTU_NOTIFICATIONS_EMAIL must be development, smtp or off")
    if app.config["NOTIFICATIONS_PUSH"] not in ("development", "fcm", "off"):
        raise ConfigError("SATUPINTU_NOTIFICATIONS_PUSH must be development, fcm or off")
    development = [key for key in ("NOTIFICATIONS_EMAIL", "NOTIFICATIONS_PUSH")
                   if app.config[key] == "development"]
    if app.config["ENV"] == "production" and development:
        import logging

        logging.getLogger("satupintu.notifications").warning(
            "%s = development in production: notifications are recorded, not sent", ", ".join(development))
    if app.config["NOTIFICATIONS_PUSH"] == "fcm":
        from app.notifications.fcm import load_credentials

        load_credentials(app.config["NOTIFICATIONS_FCM_CREDENTIALS"])  # refuse to start without a key
    consume(app, DELIVER_TOPIC, "notifications.email", deliver_email)
    consume(app, DELIVER_TOPIC, "notifications.push", deliver_push)
    register_exporter(app, "notifications", export)
    app.extensions["satupintu.scopes"].add(NOTIFICATIONS_SCOPE, owner="core")
    app.extensions["satupintu.services"].provide("notifications", NotificationsService, owner="core")
    app.extensions["satupintu.api"].register_blueprint(blp)
