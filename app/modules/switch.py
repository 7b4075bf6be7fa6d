"""The runtime switch: installed modules can be turned off and on without a restart."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app import audit, i18n
from app.db import session, utcnow
from app.events import module_switched, send_after_commit
from app.state import ModuleState, platform_state


def set_enabled(slug: str, enabled: bool, *, actor: str) -> None:
    db = session()
    state = db.get(ModuleState, slug) or ModuleState(slug=slug)
    state.enabled, state.changed_at, state.changed_by = enabled, utcnow(), actor
    db.add(state)
    send_after_commit(module_switched, slug=slug, enabled=enabled)
    audit.record("admin", "module.enabled" if enabled else "module.disabled", actor=actor,
                 payload={"module": slug})  # same transaction: no switch without its entry
    db.commit()
    platform_state().invalidate()


def statuses() -> list[dict]:
    disabled = set(session().scalars(select(ModuleState.slug).where(ModuleState.enabled.is_(False))))
    return [
        {"slug": m.slug, "title": i18n.pick(m.title), "agency": m.agency, "version": m.version,
         "enabled": m.slug not in disabled}
        for m in current_app.extensions["satupintu.modules"].values()
    ]
