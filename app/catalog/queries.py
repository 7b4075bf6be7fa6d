"""The catalog's read queries, built once per shape and run with bound values.

Building a SQLAlchemy statement costs more than PostgreSQL needs to run a page of the
catalog, so each shape of query (which filters are given, language) is built the first time it
is needed and kept; requests only bind values. A text search is answered by the search index
(app/catalog/index.py), which reads here only the entries of the page it found.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import ARRAY, Text, any_, bindparam, cast, exists, func, literal_column, not_, or_, select
from sqlalchemy.sql import Select

from app.catalog.models import CatalogEntry, EntryRegion
from app.reference.models import Agency

entry = CatalogEntry.__table__
agency = Agency.__table__
region = EntryRegion.__table__


@dataclass(frozen=True)
class Shape:
    """What a listing query looks like, as opposed to the values it runs with."""

    dialect: str
    english: bool
    hides_modules: bool
    category: bool
    agency: bool
    module: bool
    level: bool
    region: bool


def shape_and_values(flt, disabled: frozenset[str], *, dialect: str, english: bool) -> tuple[Shape, dict]:
    shape = Shape(dialect=dialect, english=english, hides_modules=bool(disabled),
                  category=bool(flt.category), agency=bool(flt.agency), module=bool(flt.module),
                  level=bool(flt.level), region=bool(flt.region))
    values = {"disabled": sorted(disabled), "category": flt.category, "agency": flt.agency,
              "module": flt.module, "level": flt.level}
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
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def _matching(shape: Shape) -> Select:
    """Ids of the entries a listing of this shape shows."""
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
    return stmt


@functools.cache
def count_statement(shape: Shape) -> Select:
    return select(func.count()).select_from(_matching(shape).subquery())


@functools.cache
def page_statement(shape: Shape) -> Select:
    """One page (bound `limit` and `offset`) of entries in title order, ready to show."""
    title = entry.c.title_en if shape.english else entry.c.title_id
    page = _paged(_matching(shape).order_by(title, entry.c.id))
    return (_shown(entry.join(page, page.c.id == entry.c.id), shape.english, shape.dialect)
            .order_by(title, entry.c.id))


@functools.cache
def entries_statement(english: bool, dialect: str) -> Select:
    """The entries whose ids are in the bound `ids`, ready to show (in no order): on PostgreSQL
    an array literal ("{id,id,...}"), elsewhere a list of UUIDs."""
    if dialect == "postgresql":
        listed = entry.c.id == any_(cast(bindparam("ids", type_=Text), ARRAY(entry.c.id.type)))
    else:
        listed = entry.c.id.in_(bindparam("ids", expanding=True))
    return _shown(entry, english, dialect).where(listed)


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
