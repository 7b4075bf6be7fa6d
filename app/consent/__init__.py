"""Consent and data sharing: modules read citizens' data only through the "consent" service
(app.contracts.consent), which checks consent or a declared lawful basis and logs every read
the citizen can then see under /api/v1/me/data-access."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from app.consent import models as _models  # noqa: F401 - registers the tables
