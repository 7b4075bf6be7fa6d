"""Acting for another citizen. Service: "delegation" -> Delegations.

A delegated request carries an access token whose `sub` is the subject (whose data, cases,
payments and documents it concerns) and whose `act` claim names the actor (RFC 8693). The
platform re-checks the delegation on every such request and refuses routes outside its
modules, so a module sees:

    principal = current_principal()
    principal.subject   # the citizen the request is for: own it, file it, bill it under this id
    principal.actor     # the citizen actually acting (None when acting for oneself)

Record both: pass `principal.subject` as the subject and `principal.actor or principal.subject`
as the actor (`app.audit.record` defaults the actor to exactly that).
"""

from __future__ import annotations

import uuid
from typing import Protocol


class Delegations(Protocol):
    def active_for(self, actor: uuid.UUID, subject: uuid.UUID, module: str) -> bool:
        """Whether `actor` may act for `subject` in `module` right now (accepted, not revoked,
        not expired), for checks outside a request, e.g. background jobs started by a delegate."""
        ...
