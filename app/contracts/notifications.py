"""The citizen's inbox and delivery to other channels. Service: "notifications" -> Notifications.

A notification is rendered from a template: texts `<template>.title` and `<template>.body`
registered with `app.sdk.register_texts` in every platform locale, with `{name}` placeholders
filled from `params` (plain JSON values). The inbox renders them in the reader's language;
email and push in the citizen's preferred one. Delivery to channels other than the inbox goes
through the transactional outbox (at least once, deduplicated by message id).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol

# Categories a citizen can set channel preferences for; modules pick one per notification.
CATEGORIES = ("cases", "payments", "documents", "security", "announcements")


class Notifications(Protocol):
    def notify(self, subject: uuid.UUID, template: str, params: Mapping[str, Any], *,
               category: str, module: str, link: str = "", case_id: uuid.UUID | None = None,
               document_id: uuid.UUID | None = None) -> uuid.UUID:
        """Put a notification in citizen `subject`'s inbox and queue its delivery to the
        channels the citizen's preferences allow for `category`. Joins the caller's
        transaction (nothing is sent unless it commits): commit it. Returns the notification
        id. `module`: the sending module's slug (core capabilities: their name, e.g. "cases");
        `link`: a path, an https:// or a satupintu:// deep link. ValueError for an unknown
        template, category, module or account, a missing placeholder value or a bad link;
        TypeError for params that are not plain JSON values."""
        ...
