"""Service-level deadlines: N working days in the agency's time zone, skipping weekends and
Indonesian public holidays (the `holidays` package: national holidays and observed days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select

from app.db import session
from app.reference.models import TIME_ZONES, Agency, Region

DEFAULT_ZONE = "WIB"  # national agencies (no region) work on Jakarta time


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Indonesia(years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def due_date(start: datetime, days: int, zone: str) -> datetime:
    """The end of the `days`-th working day after `start` (the day of submission does not
    count), in the time zone `zone` (WIB, WITA or WIT); returned in UTC."""
    tz = ZoneInfo(TIME_ZONES[zone])
    day = start.astimezone(tz).date()
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    end = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
    return end.astimezone(UTC)


def agency_zone(agency_code: str) -> str:
    """WIB / WITA / WIT of the agency's region (its own code's province carries it too)."""
    found = session().execute(select(Region.timezone).join(Agency, Agency.region_code == Region.code)
                              .where(Agency.code == agency_code)).scalar()
    return found if found in TIME_ZONES else DEFAULT_ZONE
