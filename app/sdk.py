"""Everything a service module may import from the platform, in one place.

Modules import `app.sdk` and `app.contracts.*` only (an import-linter contract checks it).
"""

from app.access import Principal, acting_for, current_principal, public, require_role
from app.api import API_PREFIX, Blueprint
from app.db import Base, IdMixin, TimestampMixin, new_id, session, utcnow
from app.events import send_after_commit, signals
from app.i18n import current_locale, pick, t
from app.i18n import register as register_texts
from app.modules.descriptor import CatalogEntry, DataUse, Scope, ServiceModule
from app.outbox import consume, publish
from app.pagination import PageArgs, page_schema
from app.problems import Problem
from app.registry import services
from app.web import accepts

__all__ = [
    "API_PREFIX",
    "Base",
    "Blueprint",
    "CatalogEntry",
    "DataUse",
    "IdMixin",
    "PageArgs",
    "Principal",
    "Problem",
    "Scope",
    "ServiceModule",
    "TimestampMixin",
    "accepts",
    "acting_for",
    "consume",
    "current_locale",
    "current_principal",
    "new_id",
    "page_schema",
    "pick",
    "public",
    "publish",
    "register_texts",
    "require_role",
    "send_after_commit",
    "services",
    "session",
    "signals",
    "t",
    "utcnow",
]
