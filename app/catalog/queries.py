"""The catalog's read queries, built once per shape and run with bound values.

Building a SQLAlchemy statement costs more than PostgreSQL needs to run a page of the
catalog, so each shape of query (which filters are given, search or not, language) is built
the first time it is needed and kept; requests only bind values.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from sqlalchemy import ARRAY, String, any_, bindparam, exists, func, literal_column, not_, or_, select
from sqlalchemy.sql import Select

from app.catalog.models import CatalogEntry, EntryRegion
from app.catalog.search import apply_search, search_value, title_values
from app.reference.models import Agency

entry = CatalogEntry.__table__
agency = Agency.__table__
region = EntryRegion.__table__


@dataclass(frozen=True)
class Shape:
    """What a listing query looks like, as opposed to the values it runs with."""

    dialect: str
    english: bool
    search: bool
    hides_modules: bool
    category: bool
    agency: bool
    module: bool
    level: bool
    region: bool
    few_matches: bool = False  # a search whose matches are cheaper to sort than to walk for
    tier: str | None = None  # PostgreSQL: search.TITLE or search.REST (see search.apply_search)
    words: int = 0  # SQLite: how many words the title comparisons take


@functools.cache
def tier_shape(shape: Shape, tier: str, few: bool = False) -> Shape:
    """`shape` searching one tier (search.TITLE or search.REST), its matches `few` or not."""
    return dataclasses.replace(shape, tier=tier, few_matches=few)


def few_matches(total: int, catalog_size: int, end: int) -> bool:
    """Whether reading all `total` matches and sorting them costs less than walking the rank
    index until `end` of them turn up (about end * catalog_size / total index entries). A match
    read through the full-text index costs a visit to its catalog row, about sixteen times an
    index entry passed over in the walk (which reads the vectors from the index itself)."""
    return 16 * total * total <= end * catalog_size


def shape_and_values(flt, words: list[str], disabled: frozenset[str], *, dialect: str,
                     english: bool) -> tuple[Shape, dict]:
    shape = Shape(dialect=dialect, english=english, search=bool(words), hides_modules=bool(disabled),
                  category=bool(flt.category), agency=bool(flt.agency), module=bool(flt.module),
                  level=bool(flt.level), region=bool(flt.region),
                  words=len(words) if dialect == "sqlite" else 0)
    values = {"disabled": sorted(disabled), "category": flt.category, "agency": flt.agency,
              "module": flt.module, "level": flt.level}
    if words:
        values["search"] = search_value(words, dialect)
        values.update(title_values(words, dialect))
    if flt.region:
        parts = flt.region.split(".")
        values["region_ancestors"] = [".".join(parts[: i + 1]) for i in range(len(parts))]
        values["region_inside"] = f"{flt.region}.%"
    return shape, {key: value for key, value in values.items() if value is not None}


def _one_of(column, name: str, dialect: str):
    """`column` is among the values of the bound list `name`. PostgreSQL takes the list as one
    array value, so the statement compiles once for any length (app.db.read_rows binds no
    expanding lists)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(String)))
    return column.in_(bindparam(name, expanding=True))


def _matching(shape: Shape, *, walk: bool = False) -> tuple[Select, tuple | None]:
    """Ids of the entries a listing of this shape shows, and for a search the order in
    which matches come (see search.apply_search)."""
    stmt = select(entry.c.id)
    if shape.hides_modules:
        stmt = stmt.where(not_(_one_of(entry.c.module_slug, "disabled", shape.dialect)))
    if shape.category:
        stmt = stmt.where(entry.c.category_slug == bindparam("category"))
    if shape.agency:
        stmt = stmt.where(entry.c.agency_code == bindparam("agency"))
    if shape.module:
        stmt = stmt.where(entry.c.module_slug == bindparam("module"))
    if shape.level:
        stmt = stmt.where(exists().where(agency.c.code == entry.c.agency_code,
                                         agency.c.level == bindparam("level")))
    if shape.region:
        # Offered nationwide, in this region, in a parent of it, or inside it.
        offered_here = exists().where(
            region.c.entry_id == entry.c.id,
            or_(_one_of(region.c.region_code, "region_ancestors", shape.dialect),
                region.c.region_code.like(bindparam("region_inside"))),
        )
        stmt = stmt.where(or_(entry.c.nationwide.is_(True), offered_here))
    if shape.search:
        return apply_search(stmt, shape.dialect, tier=shape.tier, words=shape.words, walk=walk)
    return stmt, None


@functools.cache
def count_statement(shape: Shape) -> Select:
    return select(func.count()).select_from(_matching(shape)[0].subquery())


@functools.cache
def page_statement(shape: Shape) -> Select:
    """One page (bound `limit` and `offset`) of entries, ready to show: in title order when
    browsing, in the search's own order (see search.apply_search) when searching."""
    matching, search_order = _matching(shape, walk=not shape.few_matches)
    title = entry.c.title_en if shape.english else entry.c.title_id
    if search_order is None:
        page = _paged(matching.order_by(title, entry.c.id))
        return (_shown(entry.join(page, page.c.id == entry.c.id), shape.english, shape.dialect)
                .order_by(title, entry.c.id))
    keys = [f"rank_{n}" for n in range(len(search_order))]
    ranked = matching.add_columns(*(key.label(name) for key, name in zip(search_order, keys, strict=True)))
    if shape.few_matches:
        # Left to itself, PostgreSQL may answer a LIMIT by walking the whole rank index for a
        # handful of matches; behind OFFSET 0 the matches are found first, then sorted.
        matches = ranked.offset(0).subquery("matches")
        page = _paged(select(matches).order_by(*(matches.c[name] for name in keys)))
    else:
        page = _paged(ranked.order_by(*search_order))
    return (_shown(entry.join(page, page.c.id == entry.c.id), shape.english, shape.dialect)
            .order_by(*(page.c[name] for name in keys)))


def _paged(stmt: Select):
    return stmt.limit(bindparam("limit")).offset(bindparam("offset")).subquery("page")


def _shown(entries, english: bool, dialect: str) -> Select:
    """What the API shows of the entries in `entries` (a join on catalog_entry), in one
    language; `view` turns a row into the API's dict."""
    # The entry's region codes, space-separated (a literal separator: app.db.read_rows binds
    # no compile-time values, which aggregate_strings' separator is)
    join = func.string_agg if dialect == "postgresql" else func.group_concat
    regions = (select(join(region.c.region_code, literal_column("' '")))
               .where(region.c.entry_id == entry.c.id).scalar_subquery())
    return select(
        entry.c.id, entry.c.module_slug, entry.c.code,
        entry.c.title_en if english else entry.c.title_id,
        entry.c.summary_en if english else entry.c.summary_id,
        entry.c.category_slug, agency.c.code, agency.c.name_en if english else agency.c.name_id,
        agency.c.level, agency.c.region_code, entry.c.nationwide, regions,
        entry.c.assurance, entry.c.deep_link, entry.c.icon,
    ).select_from(entries.join(agency, agency.c.code == entry.c.agency_code))


def view(row) -> dict:
    """An entry as the API shows it (the fields of schemas.EntrySchema, already serialisable)."""
    (entry_id, module, code, title, summary, category, agency_code, agency_name, level,
     agency_region, nationwide, regions, assurance, deep_link, icon) = row
    return {
        "id": str(entry_id), "module": module, "code": code, "title": title, "summary": summary,
        "category": category,
        "agency": {"code": agency_code, "name": agency_name, "level": level, "region": agency_region},
        "level": level,
        "regions": sorted(regions.split()) if regions and not nationwide else [],
        "assurance": assurance, "deep_link": deep_link, "icon": icon,
    }


@functools.cache
def entry_by_id(english: bool, dialect: str) -> Select:
    return _shown(entry, english, dialect).where(entry.c.id == bindparam("id"))
