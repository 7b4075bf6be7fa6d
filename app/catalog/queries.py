"""The catalog's read queries, built once per shape and run with bound values.

Building a SQLAlchemy statement costs more than PostgreSQL needs to run a page of the
catalog, so each shape of query (which filters are given, search or not, language) is built
the first time it is needed and kept; requests only bind values.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from sqlalchemy import (
    ARRAY,
    String,
    Text,
    any_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
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
    """One page (bound `limit` and `offset`) of entries, ready to show (see `_shown`): in title
    order when browsing, in the search's own order (see search.apply_search) when searching."""
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
    language: each entry's JSON text (`item`: the fields of schemas.EntrySchema), and its
    module (`module_slug`). The database writes the JSON: cheaper than reading fifteen columns
    into Python and encoding them there, request after request."""
    item = _json_object(
        dialect, id=_uuid_text(dialect), module=entry.c.module_slug, code=entry.c.code,
        title=entry.c.title_en if english else entry.c.title_id,
        summary=entry.c.summary_en if english else entry.c.summary_id,
        category=entry.c.category_slug,
        agency=_json_object(dialect, code=agency.c.code,
                            name=agency.c.name_en if english else agency.c.name_id,
                            level=agency.c.level, region=agency.c.region_code),
        level=agency.c.level, regions=_regions_json(dialect), assurance=entry.c.assurance,
        deep_link=entry.c.deep_link, icon=entry.c.icon,
    )
    if dialect == "postgresql":
        item = cast(item, Text)  # as text, which psycopg hands over as it is (not as a dict)
    return select(item.label("item"), entry.c.module_slug).select_from(
        entries.join(agency, agency.c.code == entry.c.agency_code))


def _json_object(dialect: str, **values):
    build = func.json_build_object if dialect == "postgresql" else func.json_object
    # the keys are written as SQL literals: they are this module's own names (bound, PostgreSQL
    # could not tell their type)
    return build(*(part for key, value in values.items() for part in (literal_column(f"'{key}'"), value)))


def _uuid_text(dialect: str):
    if dialect == "postgresql":
        return entry.c.id
    # SQLite keeps a UUID as 32 hex digits; the API shows the hyphenated form
    digits = type_coerce(entry.c.id, String)
    return func.printf("%s-%s-%s-%s-%s", *(func.substr(digits, start, length) for start, length in
                                         ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))))


def _regions_json(dialect: str):
    """The entry's region codes (`regions` in the API): in order, and none for a nationwide entry."""
    entry_regions = (region.c.entry_id == entry.c.id, not_(entry.c.nationwide))
    if dialect == "postgresql":
        codes = func.json_agg(aggregate_order_by(region.c.region_code, region.c.region_code))
        return func.coalesce(select(codes).where(*entry_regions).scalar_subquery(),
                             literal_column("'[]'::json"))
    # SQLite aggregates rows in the order a subquery gives them (it has no ORDER BY within an
    # aggregate before 3.44); json(): a value read through a subquery is text until parsed
    codes = (select(region.c.region_code).where(*entry_regions).order_by(region.c.region_code)
             .correlate(entry).subquery("codes"))
    return func.json(select(func.json_group_array(codes.c.region_code)).scalar_subquery())


@functools.cache
def entry_by_id(english: bool, dialect: str) -> Select:
    return _shown(entry, english, dialect).where(entry.c.id == bindparam("id"))
