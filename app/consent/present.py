"""How requests, consents and log entries look to the citizen: names and texts in their locale.

Module titles and purpose texts come from the descriptors in memory; agency names from the
reference table, read once per process (it changes only with a deploy). So the log's JSON
fragments are kept per app too; turning a module off or on changes none of them.
"""

from __future__ import annotations

import json

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


def actor_info(value: str, locale: str) -> dict:
    """Who read: kind (officer | system | representative | citizen), id and a localised label."""
    kind, ident = actors.parse(value)
    return {"kind": kind, "id": ident, "label": i18n.t(f"consent.actor.{kind}", locale)}


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


class _PerPage(dict):
    """`make(key)` for each key, worked out once per call: a citizen's log repeats a few
    modules, purposes, actors and item lists many times."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key):
        value = self[key] = self._make(key)
        return value


def _labels(module: str, agency: str, purpose: str, basis: str, locale: str) -> dict:
    return {"module": module_info(module, locale), "agency": agency_info(agency, locale),
            "purpose": purpose_info(module, purpose, locale), "basis": basis_info(basis, locale)}


def _outcome(allowed: bool, refused: bool) -> str:
    return "refused" if not allowed else ("partial" if refused else "allowed")


def access_views(rows, locale: str | None = None) -> list[dict]:
    """Log entries (rows of access_log's columns: id and time as text, item lists as JSON text)
    as plain values."""
    locale = locale or i18n.current_locale()
    labels = _PerPage(lambda key: _labels(*key, locale))
    actors_seen = _PerPage(lambda value: actor_info(value, locale))
    item_lists = _PerPage(json.loads)
    views = []
    for row in rows:
        allowed, refused = item_lists[row.allowed], item_lists[row.refused]
        views.append({
            "id": row.id, "time": row.occurred_at,
            **labels[row.module, row.agency, row.purpose, row.basis], "actor": actors_seen[row.actor],
            "allowed": allowed, "refused": refused, "reason": row.reason,
            "outcome": _outcome(bool(allowed), bool(refused))})
    return views


class _Fragments(dict):
    """`make(key)` for each key, worked out once per app and kept (up to `limit` keys, then
    started afresh): what the fragments are made of (module descriptors, agency names, texts)
    changes only with a deploy. Threads may make the same key at once; both get equal values."""

    def __init__(self, make, limit: int = 2048) -> None:
        super().__init__()
        self._make, self._limit = make, limit

    def __missing__(self, key):
        if len(self) >= self._limit:  # actor ids and item lists are open-ended
            self.clear()
        value = self[key] = self._make(key)
        return value


_FRAGMENTS = "satupintu.consent.log_fragments"


def _log_fragments() -> tuple[_Fragments, _Fragments, _Fragments]:
    """(labels, actor, item lists with reason and outcome) of log entries, as JSON members."""
    fragments = current_app.extensions.get(_FRAGMENTS)
    if fragments is None:
        fragments = current_app.extensions[_FRAGMENTS] = (
            _Fragments(lambda key: json.dumps(_labels(*key))[1:-1]),  # the members, no braces
            _Fragments(lambda key: json.dumps(actor_info(*key))),
            _Fragments(_result_members))
    return fragments


def _result_members(key: tuple[str, str, str | None]) -> str:
    """From "allowed" to "outcome" (item lists as JSON text, as json.dumps writes the lists)."""
    allowed, refused, reason = json.loads(key[0]), json.loads(key[1]), key[2]
    return (f'"allowed": {json.dumps(allowed)}, "refused": {json.dumps(refused)}, '
            f'"reason": {json.dumps(reason)}, "outcome": "{_outcome(bool(allowed), bool(refused))}"')


def access_page_json(rows, next_cursor: str | None, locale: str | None = None) -> str:
    """A page of the log (rows of access_log's columns, in their order) as JSON: exactly
    `json.dumps({"items": access_views(rows), "next_cursor": next_cursor})` (a test holds the two
    equal), but put together from fragments: each distinct label set, actor, and item lists with
    reason, encoded once per app (encoding every row's nested objects again cost about as much as
    reading the page; making the fragments once per page, a fifth of the request). Ids and ISO
    times need no escaping."""
    locale = locale or i18n.current_locale()
    labels, actors_seen, results = _log_fragments()
    items = [f'{{"id": "{ident}", "time": "{occurred_at}", '
             f'{labels[module, agency, purpose, basis, locale]}, "actor": {actors_seen[actor, locale]}, '
             f'{results[allowed, refused, reason]}}}'
             for ident, occurred_at, module, agency, actor, purpose, basis, allowed, refused, reason in rows]
    return f'{{"items": [{", ".join(items)}], "next_cursor": {json.dumps(next_cursor)}}}'
