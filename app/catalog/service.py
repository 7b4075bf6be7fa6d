"""Catalog queries and writes. Views call these; nothing here knows about HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select

from app import i18n
from app.catalog import queries
from app.catalog.index import current_index
from app.catalog.models import CatalogEntry, Category, EntryRegion
from app.catalog.search import entry_search_text, tokens
from app.db import engine, read_rows, session
from app.events import catalog_changed, send_after_commit
from app.http_cache import LruCache
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


def list_entries(flt: CatalogFilter, *, page: int, per_page: int) -> tuple[list[str], int]:
    """One page of entries in the caller's language, each as its JSON text, and how many match
    in all.

    Browsing (no text query) lists entries in title order, from the database; totals are
    remembered per catalog revision and filter (`_total`). A search lists every entry that
    matches all its words, best first (see app/catalog/index.py, which finds the page), and
    shows the page's entries as the index keeps them or reads them (`_shown`).
    """
    words = tokens(flt.q)
    if flt.q.strip() and not words:
        return [], 0  # the query had no searchable characters
    snapshot = platform_state().snapshot()
    english = i18n.current_locale() == "en"
    dialect = engine().dialect.name
    offset = (page - 1) * per_page
    revision = snapshot.revision(REVISION)
    if words:
        index = current_index(revision)
        found = index.search(words, flt, snapshot.disabled, offset=offset, limit=per_page)
        return _shown(index, found.ids, english, dialect), found.total
    shape, values = queries.shape_and_values(flt, snapshot.disabled, english=english, dialect=dialect)
    total = _total((revision, snapshot.disabled, flt), shape, values)
    if offset >= total:
        return [], total
    rows = read_rows(queries.page_statement(shape), {**values, "limit": per_page, "offset": offset})
    return [_compact_json(queries.view(row)) for row in rows], total


def _compact_json(entry: dict) -> str:
    return json.dumps(entry, separators=(",", ":"))


def _shown(index, ids: list[str], english: bool, dialect: str) -> list[str]:
    """The entries `ids` (a page the search index found) in that order, as JSON texts. The
    index keeps the entries it showed lately (they change only with the catalog revision, and
    so does the index); the others are read in one statement."""
    language = "en" if english else "id"
    entries = dict(zip(ids, index.shown.get_many([(entry_id, language) for entry_id in ids]), strict=True))
    missing = [entry_id for entry_id, entry in entries.items() if entry is None]
    if missing:
        # PostgreSQL takes the ids as one array literal (quicker to send than a list of UUIDs)
        listed = "{" + ",".join(missing) + "}" if dialect == "postgresql" else [uuid.UUID(i) for i in missing]
        for row in read_rows(queries.entries_statement(english, dialect), {"ids": listed}):
            entry_id = str(row.id)
            entries[entry_id] = _compact_json(queries.view(row))
            index.shown.put((entry_id, language), entries[entry_id])
    return [entry for entry in entries.values() if entry is not None]  # gone since: left out


_TOTALS = "satupintu.catalog_totals"


def _total(key: tuple, shape, values: dict) -> int:
    """How many entries a listing holds. Counting them costs as much as finding the page, and
    the answer only changes with the catalog revision (part of `key`, as are the module
    switches), so each process remembers recent totals. The page itself is always queried."""
    cache = current_app.extensions.get(_TOTALS)
    if cache is None:  # not setdefault: that would build a cache on every call to throw away
        cache = current_app.extensions.setdefault(_TOTALS, LruCache(4096))
    total = cache.get(key)
    if total is None:
        total = read_rows(queries.count_statement(shape), values)[0][0]
        cache.put(key, total)
    return total


def get_entry(entry_id: uuid.UUID) -> dict | None:
    english = i18n.current_locale() == "en"
    statement = queries.entry_by_id(english, engine().dialect.name)
    row = next(iter(read_rows(statement, {"id": entry_id})), None)
    if row is None or row.module_slug in platform_state().snapshot().disabled:
        return None
    return queries.view(row)


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
