"""How requests, consents and log entries look to the citizen: names and texts in their locale.

Module titles and purpose texts come from the descriptors in memory; agency names from the
reference table, read once per process (it changes only with a deploy).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app import i18n
from app.consent import actors
from app.consent import messages as _texts  # noqa: F401 - registers the texts
from app.consent.citizen import consent_status, request_status
from app.consent.delegated import CAPABILITIES, DELEGATION, PLATFORM_AGENCY
from app.consent.models import ConsentGrant, ConsentRequest
from app.consent.uses import declared_use, installed_module
from app.db import session
from app.reference.models import Agency

_AGENCY_NAMES = "satupintu.consent.agency_names"


def _agency_names() -> dict[str, dict[str, str]]:
    names = current_app.extensions.get(_AGENCY_NAMES)
    if names is None:
        rows = session().execute(select(Agency.code, Agency.name_id, Agency.name_en))
        names = {code: {"id": name_id, "en": name_en} for code, name_id, name_en in rows}
        current_app.extensions[_AGENCY_NAMES] = names
    return names


def module_info(slug: str, locale: str) -> dict:
    if slug in CAPABILITIES:  # the platform's own profile or wallet, read under a delegation
        return {"slug": slug, "name": i18n.t(f"consent.capability.{slug}", locale)}
    module = installed_module(slug)
    name = i18n.pick(module.title, locale) if module else i18n.t("consent.unknown_module", locale, slug=slug)
    return {"slug": slug, "name": name}


def agency_info(code: str, locale: str) -> dict:
    if code == PLATFORM_AGENCY:
        return {"code": code, "name": i18n.t("consent.platform_agency", locale)}
    name = _agency_names().get(code)
    return {"code": code, "name": i18n.pick(name, locale) if name else code}


def purpose_info(slug: str, purpose: str, locale: str) -> dict:
    if slug in CAPABILITIES and purpose == DELEGATION:
        return {"code": purpose, "description": i18n.t("consent.purpose.delegation", locale)}
    module = installed_module(slug)
    use = declared_use(module, purpose) if module else None
    return {"code": purpose, "description": i18n.pick(use.description, locale) if use else purpose}


def actor_info(value: str, locale: str, seen: dict[str, dict] | None = None) -> dict:
    """Who read: kind (officer | system | representative | citizen), id and a localised label."""
    found = seen.get(value) if seen is not None else None
    if found is None:
        kind, ident = actors.parse(value)
        found = {"kind": kind, "id": ident, "label": i18n.t(f"consent.actor.{kind}", locale)}
        if seen is not None:
            seen[value] = found
    return found


def basis_info(code: str, locale: str) -> dict:
    return {"code": code, "description": i18n.t(f"consent.basis.{code}", locale)}


def _common(row, locale: str) -> dict:
    return {"id": row.id, "module": module_info(row.module, locale),
            "agency": agency_info(row.agency, locale),
            "purpose": purpose_info(row.module, row.purpose, locale), "items": list(row.items)}


def request_view(row: ConsentRequest, locale: str | None = None) -> dict:
    locale = locale or i18n.current_locale()
    return {**_common(row, locale), "status": request_status(row), "created_at": row.created_at,
            "expires_at": row.expires_at, "decided_at": row.decided_at,
            "consent_days": round(row.consent_seconds / 86400, 2)}


def consent_view(row: ConsentGrant, locale: str | None = None) -> dict:
    locale = locale or i18n.current_locale()
    return {**_common(row, locale), "status": consent_status(row), "granted_at": row.granted_at,
            "expires_at": row.expires_at, "withdrawn_at": row.withdrawn_at, "request_id": row.request_id}


def access_views(rows, locale: str | None = None) -> list[dict]:
    """Log entries (ORM objects or rows of their columns), ready for JSON as they are.

    A citizen's log repeats a few modules and purposes many times, so each combination's
    names and texts are looked up once per call.
    """
    locale = locale or i18n.current_locale()
    labels: dict[tuple[str, str, str, str], dict] = {}
    actors_seen: dict[str, dict] = {}
    views = []
    for row in rows:
        key = (row.module, row.agency, row.purpose, row.basis)
        label = labels.get(key)
        if label is None:
            label = labels[key] = {
                "module": module_info(row.module, locale), "agency": agency_info(row.agency, locale),
                "purpose": purpose_info(row.module, row.purpose, locale),
                "basis": basis_info(row.basis, locale)}
        views.append({
            "id": str(row.id), "time": row.occurred_at.isoformat(), **label,
            "actor": actor_info(row.actor, locale, actors_seen),
            "allowed": row.allowed, "refused": row.refused, "reason": row.reason,
            "outcome": "refused" if not row.allowed else ("partial" if row.refused else "allowed"),
        })
    return views
