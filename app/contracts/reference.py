"""Reference data. Services: "regions" -> Regions, "agencies" -> Agencies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RegionInfo:
    code: str  # Kemendagri code, e.g. "82" or "82.71"
    name: str
    level: str  # province | regency | district | village
    parent_code: str | None
    timezone: str  # IANA name: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    level: str  # national | province | regency
    region_code: str | None
    name: Mapping[str, str]  # {"id": ..., "en": ...}
    timezone: str  # IANA name of the agency's seat; national agencies use WIB


class Regions(Protocol):
    def get(self, code: str) -> RegionInfo | None: ...
    def provinces(self) -> list[RegionInfo]: ...


class Agencies(Protocol):
    def get(self, code: str) -> AgencyInfo | None: ...
