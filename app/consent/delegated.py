"""Reads of a citizen's own capabilities (profile, documents wallet) by a representative acting
for them under a delegation (app.delegation.capabilities): written to the citizen's
"who used my data" log and the data-access audit chain, actor and subject apart."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from app import audit
from app.consent import actors
from app.consent.models import DataAccess
from app.contracts.audit import DATA_ACCESS_CHAIN
from app.db import new_id, session, utcnow

CAPABILITIES = ("documents", "profile")  # a delegation may name these beside modules
PLATFORM_AGENCY = "satupintu"  # the platform itself holds these data
DELEGATION = "delegation"  # purpose and basis of such a read
MAX_ITEMS = 20  # per log entry (and audit entry, whose payload is bounded); more make more entries


def record_delegated_read(subject: uuid.UUID, actor: str, capability: str, items: Sequence[str], *,
                          refused_because: str | None = None) -> None:
    """Log a representative's read of `items` of `capability`, or (`refused_because`:
    "out_of_scope" | "read_only") their refused attempt; commits, so a refusal survives the
    request's rollback. Every item is logged, MAX_ITEMS to an entry."""
    unique = list(dict.fromkeys(items))
    basis = "none" if refused_because else DELEGATION
    for start in range(0, max(len(unique), 1), MAX_ITEMS):
        part = unique[start:start + MAX_ITEMS]
        allowed, refused = ([], part) if refused_because else (part, [])
        entry = DataAccess(id=new_id(), subject=subject, occurred_at=utcnow(), module=capability,
                           agency=PLATFORM_AGENCY, actor=f"{actors.REPRESENTATIVE}:{actor}",
                           purpose=DELEGATION, basis=basis, allowed=allowed, refused=refused,
                           reason=refused_because)
        session().add(entry)
        audit.record(f"{DATA_ACCESS_CHAIN}.{capability}", "data.refused" if refused_because else "data.read",
                     actor=actor, subject=str(subject),
                     payload={"access_id": str(entry.id), "actor_kind": actors.REPRESENTATIVE,
                              "purpose": DELEGATION, "basis": basis, "allowed": allowed, "refused": refused,
                              "reason": refused_because})
    session().commit()
