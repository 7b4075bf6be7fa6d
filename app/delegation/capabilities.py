"""Core capabilities a delegation may name beside service modules: "profile" (the subject's
/api/v1/me/profile) and "documents" (their wallet, /api/v1/me/documents).

The rule (docs/sso.md, "Acting for another citizen"):

- A delegation reaches a capability only when its scope names it: a representative authorised
  for module X sees neither the profile nor the wallet of the person they act for. A parent
  acting for a child names them like any module ("profile", "documents").
- Under a delegation these routes only read (profile, its history, the documents, their PDFs
  and share links). Changing the profile, sharing a document or revoking a share stays with
  the citizen themself: those are the data subject's own decisions (403 delegation-read-only).
- Every delegated read, and every refused attempt, is recorded with actor and subject apart: a
  data-access log entry the subject sees ("your representative") and an audit entry on the
  data-access.<capability> chain.

The capability's blueprint opts in to delegated tokens ("satupintu.delegation.routes", honoured
by app.delegation.guard); its views then call `caller_for` before anything else.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from flask import Flask, request

from app.access import current_principal
from app.consent.delegated import CAPABILITIES, record_delegated_read
from app.problems import Problem

__all__ = ["CAPABILITIES", "accept_delegated_tokens", "caller_for", "record_read"]


def accept_delegated_tokens(app: Flask, blueprint_name: str) -> None:
    """Let delegated tokens reach this blueprint. Its views must then check with `caller_for`
    (a capability) or show and change only the delegated modules' records (cases, invoices)."""
    app.extensions.setdefault("satupintu.delegation.routes", set()).add(blueprint_name)


def caller_for(capability: str, *, write: bool = False) -> uuid.UUID:
    """The account whose `capability` this request concerns: the caller's own, or under a
    delegation naming `capability` the subject's (reads only). 403 otherwise; 401 without an
    active account."""
    from auth.accounts.profile import current_account

    principal = current_principal()
    if principal is not None and principal.actor:
        if capability not in (principal.delegated_modules or ()):
            _refuse(principal, capability, "out_of_scope")
        if write:
            _refuse(principal, capability, "read_only")
    return current_account().id


def _refuse(principal, capability: str, reason: str):
    """403, after logging the attempt for the subject (they see who tried, and that it failed)."""
    record_delegated_read(uuid.UUID(principal.subject), principal.actor, capability,
                          [f"{capability}:{request.method} {request.path}"[:80]], refused_because=reason)
    raise Problem(403, "delegation-out-of-scope" if reason == "out_of_scope" else "delegation-read-only")


def record_read(capability: str, items: Sequence[str]) -> None:
    """Log a delegated read of `items` (nothing when the caller acts for themself); commits."""
    principal = current_principal()
    if principal is None or not principal.actor:
        return
    record_delegated_read(uuid.UUID(principal.subject), principal.actor, capability, items)
