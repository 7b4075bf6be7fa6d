from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, utcnow
from app.reference.models import Agency


class Category(Base):
    __tablename__ = "catalog_category"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    icon: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    title_id: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120))


class CatalogEntry(IdMixin, Base):
    """A service as the citizen sees it. `search_text` is the accent-free, lower-case text the
    search index covers (app/catalog/index.py)."""

    __tablename__ = "catalog_entry"
    __table_args__ = (
        UniqueConstraint("module_slug", "code"),
        Index("ix_catalog_entry_title_id", "title_id"),
        Index("ix_catalog_entry_title_en", "title_en"),
    )

    module_slug: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(80))
    category_slug: Mapped[str] = mapped_column(ForeignKey("catalog_category.slug"), index=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    title_id: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    summary_id: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    keywords_id: Mapped[str] = mapped_column(Text, default="")
    keywords_en: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    assurance: Mapped[str] = mapped_column(String(8), default="ial1")
    deep_link: Mapped[str] = mapped_column(String(300), default="")
    icon: Mapped[str] = mapped_column(String(40), default="layanan")
    nationwide: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)
    regions: Mapped[list[EntryRegion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="EntryRegion.region_code"
    )


class EntryRegion(Base):
    """Where a non-nationwide entry is offered (a province code covers its regencies)."""

    __tablename__ = "catalog_entry_region"

    entry_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("catalog_entry.id", ondelete="CASCADE"), primary_key=True
    )
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True, index=True)
