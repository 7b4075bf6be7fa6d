"""Export of everything the platform holds about a citizen, gathered from every capability
and module that holds some (registered exporters and "<slug>.export" services)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app

from app.db import utcnow
from app.registry import services

Exporter = Callable[[uuid.UUID], Any]
_EXPORTERS = "satupintu.exporters"
FORMAT = "satupintu-export/1"


def register_exporter(app: Flask, section: str, export: Exporter) -> None:
    """`export(subject)` -> the JSON values of `section` (None: nothing held)."""
    exporters = app.extensions.setdefault(_EXPORTERS, {})
    if section in exporters or section in app.extensions["satupintu.modules"]:
        raise ValueError(f"export section {section!r} is registered twice")
    exporters[section] = export


def _exporters() -> dict[str, Exporter]:
    found = dict(current_app.extensions.get(_EXPORTERS, {}))
    registry = services()
    for slug in current_app.extensions["satupintu.modules"]:
        if f"{slug}.export" in registry:
            found[slug] = registry.get(f"{slug}.export").export
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def export_all(subject: uuid.UUID) -> dict:
    sections = {}
    for name, export in sorted(_exporters().items()):
        data = export(subject)
        if data is not None and data != [] and data != {}:
            sections[name] = _plain(data)
    return {"format": FORMAT, "subject": str(subject), "exported_at": utcnow().isoformat(),
            "sections": sections}
