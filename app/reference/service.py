"""Loading the shipped reference data, and looking it up (the `regions` and `agencies` services)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from sqlalchemy import select

from app.contracts.reference import AgencyInfo, RegionInfo
from app.db import session
from app.reference.models import TIME_ZONES, Agency, Region


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("app.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_reference_data() -> dict[str, int]:
    """Upsert regions, agencies and categories; safe to run on every deploy."""
    from app.catalog.models import Category

    db = session()
    counts = {"regions": 0, "agencies": 0, "categories": 0}
    for row in _rows("provinces.csv"):
        db.merge(Region(code=row["code"], name=row["name"], level="province",
                        parent_code=None, timezone=row["timezone"]))
        counts["regions"] += 1
    db.flush()
    for row in _rows("regencies.csv"):
        db.merge(Region(code=row["code"], name=row["name"], level="regency",
                        parent_code=row["code"].split(".")[0], timezone=row["timezone"]))
        counts["regions"] += 1
    db.flush()
    for row in _rows("agencies.csv"):
        db.merge(Agency(code=row["code"], level=row["level"], region_code=row["region"] or None,
                        name_id=row["name_id"], name_en=row["name_en"]))
        counts["agencies"] += 1
    for row in _rows("categories.csv"):
        db.merge(Category(slug=row["slug"], icon=row["icon"], position=int(row["position"]),
                          title_id=row["title_id"], title_en=row["title_en"]))
        counts["categories"] += 1
    db.commit()
    return counts


@cache
def shipped_province_codes() -> frozenset[str]:
    return frozenset(row["code"] for row in _rows("provinces.csv"))


@cache
def shipped_agency_codes() -> frozenset[str]:
    return frozenset(row["code"] for row in _rows("agencies.csv"))


@cache
def shipped_category_slugs() -> frozenset[str]:
    return frozenset(row["slug"] for row in _rows("categories.csv"))


class RegionDirectory:
    """Implements app.contracts.reference.Regions."""

    def get(self, code: str) -> RegionInfo | None:
        region = session().get(Region, code)
        if region is None:
            return None
        return RegionInfo(code=region.code, name=region.name, level=region.level,
                          parent_code=region.parent_code, timezone=TIME_ZONES[region.timezone])

    def provinces(self) -> list[RegionInfo]:
        rows = session().scalars(select(Region).where(Region.level == "province").order_by(Region.code))
        return [RegionInfo(r.code, r.name, r.level, r.parent_code, TIME_ZONES[r.timezone]) for r in rows]


class AgencyDirectory:
    """Implements app.contracts.reference.Agencies."""

    def get(self, code: str) -> AgencyInfo | None:
        agency = session().get(Agency, code)
        if agency is None:
            return None
        timezone = "Asia/Jakarta"
        if agency.region_code:
            region = session().get(Region, agency.region_code)
            timezone = TIME_ZONES[region.timezone]
        return AgencyInfo(code=agency.code, level=agency.level, region_code=agency.region_code,
                          name={"id": agency.name_id, "en": agency.name_en}, timezone=timezone)
