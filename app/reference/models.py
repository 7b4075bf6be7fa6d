from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

REGION_LEVELS = ("province", "regency", "district", "village")
GOVERNMENT_LEVELS = ("national", "province", "regency")
TIME_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class Region(Base):
    """An administrative region by its Kemendagri code (e.g. 82 = Maluku Utara, 82.71 = Ternate)."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    timezone: Mapped[str] = mapped_column(String(4))  # WIB, WITA or WIT


class Agency(Base):
    __tablename__ = "agency"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
