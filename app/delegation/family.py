"""Who a parent may act for, derived from the profiles (no separate family register).

Rule: the parent's profile lists the child in its household as relationship "child" linked
to the child's SatuPintu account; both profiles carry the same KK (family card) number, and on
both it is *verified* (by a registry or a document, never only typed in by the citizen: a typed
KK would let anyone claim anyone's child); and the child is under 17 today (birth date from the
child's profile, which starts as the one the NIK carries). Such a delegation is capped at the
child's 17th birthday.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.profile.store import load_state

ADULT_AGE = 17


@dataclass(frozen=True)
class Child:
    account_id: uuid.UUID
    name: str
    birth_date: date

    @property
    def adult_on(self) -> datetime:
        """Midnight UTC on the 17th birthday (29 February rolls to 1 March)."""
        born = self.birth_date
        try:
            day = born.replace(year=born.year + ADULT_AGE)
        except ValueError:
            day = date(born.year + ADULT_AGE, 3, 1)
        return datetime.combine(day, time(), tzinfo=UTC)


def _value(state, name: str):
    found = state.fields.get(name) if state is not None else None
    return found.value if found is not None else None


def _verified_kk(state) -> str | None:
    """The profile's KK number when a registry or a document confirmed it."""
    found = state.fields.get("family_card_number") if state is not None else None
    if found is None or found.source == "self" or found.verified_at is None:
        return None
    return found.value


def children_of(parent_id: uuid.UUID, *, today: date | None = None) -> list[Child]:
    """The children under 17 `parent_id` may act for, by the rule above."""
    parent = load_state(parent_id)
    kk = _verified_kk(parent)
    if not kk:
        return []
    today = today or date.today()
    found = []
    for member in _value(parent, "household") or []:
        if member.get("relationship") != "child" or not member.get("account_id"):
            continue
        child_id = uuid.UUID(member["account_id"])
        child = load_state(child_id)
        born = _value(child, "birth_date")
        if child is None or _verified_kk(child) != kk or not born:
            continue
        candidate = Child(child_id, _value(child, "full_name") or member["name"], date.fromisoformat(born))
        if candidate.adult_on.date() > today:
            found.append(candidate)
    return found
