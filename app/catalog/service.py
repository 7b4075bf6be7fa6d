"""Catalog queries and writes. Views call these; nothing here knows about HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select

from app import i18n
from app.catalog.models import CatalogEntry, Category, EntryRegion
from app.catalog.search import apply_search, entry_search_text, tokens
from app.db import session
from app.events import catalog_changed, send_after_commit
from app.state import bump_revision, platform_state

REVISION = "catalog"


@dataclass(frozen=True)
class CatalogFilter:
    q: str = ""
    category: str | None = None
    agency: str | None = None
    level: str | None = None
    region: str | None = None
    module: str | None = None


def _region_scope(code: str):
    """Entries offered nationwide, in this region, in a parent of it, or inside it."""
    parts = code.split(".")
    ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
    offered_here = exists().where(
        EntryRegion.entry_id == CatalogEntry.id,
        or_(EntryRegion.region_code.in_(ancestors), EntryRegion.region_code.like(f"{code}.%")),
    )
    return or_(CatalogEntry.nationwide.is_(True), offered_here)


def _filtered(stmt, flt: CatalogFilter, disabled: frozenset[str]):
    if disabled:
        stmt = stmt.where(CatalogEntry.module_slug.not_in(sorted(disabled)))
    if flt.category:
        stmt = stmt.where(CatalogEntry.category_slug == flt.category)
    if flt.agency:
        stmt = stmt.where(CatalogEntry.agency_code == flt.agency)
    if flt.module:
        stmt = stmt.where(CatalogEntry.module_slug == flt.module)
    if flt.level:
        from app.reference.models import Agency

        stmt = stmt.where(CatalogEntry.agency.has(Agency.level == flt.level))
    if flt.region:
        stmt = stmt.where(_region_scope(flt.region))
    return stmt


def list_entries(flt: CatalogFilter, *, page: int, per_page: int) -> tuple[list[dict], int]:
    db = session()
    disabled = platform_state().snapshot().disabled
    locale = i18n.current_locale()
    title = CatalogEntry.title_en if locale == "en" else CatalogEntry.title_id
    stmt = _filtered(select(CatalogEntry), flt, disabled)
    count_stmt = _filtered(select(func.count()).select_from(CatalogEntry), flt, disabled)
    order = [title, CatalogEntry.id]
    words = tokens(flt.q)
    if words:
        dialect = db.get_bind().dialect.name
        stmt, rank = apply_search(stmt, words, dialect)
        count_stmt, _ = apply_search(count_stmt, words, dialect)
        order.insert(0, rank)
    elif flt.q.strip():
        return [], 0  # the query had no searchable characters
    total = db.scalar(count_stmt)
    rows = db.scalars(stmt.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return [entry_view(entry, locale) for entry in rows], total


def get_entry(entry_id: uuid.UUID) -> dict | None:
    entry = session().get(CatalogEntry, entry_id)
    if entry is None or entry.module_slug in platform_state().snapshot().disabled:
        return None
    return entry_view(entry, i18n.current_locale())


def entry_view(entry: CatalogEntry, locale: str) -> dict:
    en = locale == "en"
    agency = entry.agency
    return {
        "id": entry.id,
        "module": entry.module_slug,
        "code": entry.code,
        "title": entry.title_en if en else entry.title_id,
        "summary": entry.summary_en if en else entry.summary_id,
        "category": entry.category_slug,
        "agency": {
            "code": agency.code,
            "name": agency.name_en if en else agency.name_id,
            "level": agency.level,
            "region": agency.region_code,
        },
        "level": agency.level,
        "regions": [] if entry.nationwide else [r.region_code for r in entry.regions],
        "assurance": entry.assurance,
        "deep_link": entry.deep_link,
        "icon": entry.icon,
    }


def list_categories() -> list[dict]:
    en = i18n.current_locale() == "en"
    rows = session().scalars(select(Category).order_by(Category.position, Category.slug))
    return [
        {"slug": c.slug, "title": c.title_en if en else c.title_id, "icon": c.icon} for c in rows
    ]




def upsert_entries(module_slug: str, default_agency: str, entries: Iterable) -> int:
    """Write a module's declared entries (descriptor `catalog=`), removing ones it dropped."""
    db = session()
    existing = {e.code: e for e in db.scalars(
        select(CatalogEntry).where(CatalogEntry.module_slug == module_slug))}
    seen = set()
    for declared in entries:
        seen.add(declared.code)
        row = existing.get(declared.code) or CatalogEntry(module_slug=module_slug, code=declared.code)
        fill_entry(
            row,
            title=declared.title, summary=declared.summary, keywords=declared.keywords,
            category=declared.category, agency=declared.agency or default_agency,
            regions=declared.regions, assurance=declared.assurance,
            deep_link=declared.deep_link, icon=declared.icon,
        )
        db.add(row)
    gone = [code for code in existing if code not in seen]
    if gone:
        db.execute(delete(CatalogEntry).where(
            CatalogEntry.module_slug == module_slug, CatalogEntry.code.in_(gone)))
    mark_changed()
    return len(seen)


def fill_entry(row: CatalogEntry, *, title, summary, keywords, category, agency, regions,
               assurance, deep_link, icon) -> CatalogEntry:
    row.title_id, row.title_en = title["id"], title["en"]
    row.summary_id, row.summary_en = summary["id"], summary["en"]
    row.keywords_id, row.keywords_en = keywords.get("id", ""), keywords.get("en", "")
    row.category_slug, row.agency_code = category, agency
    row.assurance, row.deep_link, row.icon = assurance, deep_link, icon
    row.nationwide = not regions
    wanted = sorted(set(regions))
    if [r.region_code for r in row.regions] != wanted:
        row.regions = [EntryRegion(region_code=code) for code in wanted]
    row.search_text = entry_search_text(row)
    return row


def mark_changed() -> None:
    send_after_commit(catalog_changed, revision=bump_revision(REVISION))


def sync_modules(modules: Iterable) -> dict[str, int]:
    counts = {m.slug: upsert_entries(m.slug, m.agency, m.catalog) for m in modules}
    session().commit()
    return counts
