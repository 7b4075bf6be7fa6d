"""Approved -> the service's document in the citizen's wallet (then the case is "issued")."""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.cases.definitions import Service
from app.cases.models import Case
from app.db import utcnow
from app.registry import services


def issue_document(case: Case, service: Service) -> uuid.UUID:
    """Issue the DocumentSpec's document in the caller's transaction; its id."""
    spec = service.definition.document
    form = dict(case.form or {})
    data = {name: form[name] for name in spec.fields if name in form} if spec.fields else form
    data["nomor_permohonan"] = case.number
    valid_until = utcnow() + timedelta(days=spec.valid_days) if spec.valid_days else None
    ref = services().get("documents").issue(case.subject_id, spec.type, dict(spec.title), data, valid_until,
                                            module=case.module)
    return ref.id
