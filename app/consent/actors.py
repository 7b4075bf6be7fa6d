"""Who performed a read of a citizen's data, as recorded in the data-access log.

`ReadRequest.actor` is an account id or "system"; the log keeps what kind of actor that was, so
the citizen's "who used my data" never calls their own representative an officer:

    "system"                  the module's own process
    "<uuid>"                  an officer (staff account) of the module's agency
    "representative:<uuid>"   a citizen acting for the subject under a delegation
    "citizen:<uuid>"          the subject themself, through a module they use

(Bare ids stay the officer form, so entries written before kinds were recorded read right.)
The audit entry of the same read keeps the bare actor id beside the subject.
"""

from __future__ import annotations

import uuid

from flask import has_request_context

SYSTEM, OFFICER, REPRESENTATIVE, CITIZEN = "system", "officer", "representative", "citizen"
KINDS = (OFFICER, SYSTEM, REPRESENTATIVE, CITIZEN)


def kind_of(actor: str, subject: uuid.UUID) -> str:
    """The kind of `actor` (an account id or "system") reading `subject`'s data."""
    if actor == SYSTEM:
        return SYSTEM
    if actor == str(subject):
        return CITIZEN
    if _delegate_of_this_request(actor, subject) or _citizen_account(actor):
        return REPRESENTATIVE  # a citizen reading another's data can only be acting for them
    return OFFICER


def _delegate_of_this_request(actor: str, subject: uuid.UUID) -> bool:
    from app.access import current_principal

    if not has_request_context():
        return False
    principal = current_principal()
    return principal is not None and principal.actor == actor and principal.subject == str(subject)


def _citizen_account(actor: str) -> bool:
    """Outside a delegated request (a module's background job started by a representative)."""
    from app.db import session
    from auth.accounts.models import CITIZEN as CITIZEN_ACCOUNT
    from auth.accounts.models import Account

    account = session().get(Account, uuid.UUID(actor))
    return account is not None and account.kind == CITIZEN_ACCOUNT


def recorded(actor: str, subject: uuid.UUID) -> tuple[str, str]:
    """(kind, the value the data-access log stores for this actor)."""
    kind = kind_of(actor, subject)
    return kind, actor if kind in (SYSTEM, OFFICER) else f"{kind}:{actor}"


def parse(value: str) -> tuple[str, str]:
    """(kind, id) of a stored actor value ("system" for the system)."""
    if value == SYSTEM:
        return SYSTEM, SYSTEM
    kind, sep, ident = value.partition(":")
    return (kind, ident) if sep and kind in KINDS else (OFFICER, value)
