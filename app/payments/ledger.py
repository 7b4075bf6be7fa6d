"""Double-entry ledger: every posting is a journal of one debit and one credit of the same amount.

Accounts:
  citizen_receivable            what citizens owe (an invoice debits it, its payment credits it)
  agency_revenue:<agency>       revenue of an agency (recognised when the invoice is issued)
  gateway_clearing:<gateway>    money the gateway holds for us (payments in, refunds out)
  refunds:<agency>              refunds an agency granted
  suspense                      money received that no open invoice can take (flagged)

Journals (one per key, so a posting never happens twice):
  invoice:<invoice>   Dr citizen_receivable        Cr agency_revenue:<agency>
  void:<invoice>      Dr agency_revenue:<agency>   Cr citizen_receivable   (expired / cancelled)
  payment:<invoice>   Dr gateway_clearing:<gw>     Cr citizen_receivable
  refund:<invoice>    Dr refunds:<agency>          Cr gateway_clearing:<gw>
  unapplied:<order>   Dr gateway_clearing:<gw>     Cr suspense             (late or double payment)
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select

from app.db import new_id, run, session, utcnow
from app.payments.models import Journal, LedgerEntry

RECEIVABLE, SUSPENSE = "citizen_receivable", "suspense"


def revenue(agency: str) -> str:
    return f"agency_revenue:{agency}"


def clearing(gateway: str) -> str:
    return f"gateway_clearing:{gateway}"


def refunds(agency: str) -> str:
    return f"refunds:{agency}"


_JOURNAL = insert(Journal.__table__)
_ENTRY = insert(LedgerEntry.__table__)


def post(key: str, kind: str, invoice_id: uuid.UUID, amount: int, *, debit: str, credit: str,
         gateway: str | None = None, order_id: str | None = None) -> uuid.UUID:
    """One balanced journal in the current transaction (two inserts, no reads)."""
    if amount <= 0:
        raise ValueError("a journal moves a positive amount")
    journal_id = new_id()
    run(_JOURNAL, {"id": journal_id, "key": key, "kind": kind, "invoice_id": invoice_id, "gateway": gateway,
                   "order_id": order_id, "created_at": utcnow()})
    run(_ENTRY, [
        {"id": new_id(), "journal_id": journal_id, "account": debit, "debit": amount, "credit": 0},
        {"id": new_id(), "journal_id": journal_id, "account": credit, "debit": 0, "credit": amount},
    ])
    return journal_id


def unbalanced_journals() -> list[uuid.UUID]:
    """Journals whose debits and credits differ (there should be none)."""
    query = (select(LedgerEntry.journal_id).group_by(LedgerEntry.journal_id)
             .having(func.sum(LedgerEntry.debit) != func.sum(LedgerEntry.credit)))
    return list(session().scalars(query))


def balances(prefix: str = "") -> dict[str, int]:
    """Debit-minus-credit balance per account (accounts starting with `prefix`)."""
    query = select(LedgerEntry.account, func.sum(LedgerEntry.debit) - func.sum(LedgerEntry.credit))
    if prefix:
        query = query.where(LedgerEntry.account.startswith(prefix, autoescape=True))
    return {account: int(total) for account, total in session().execute(query.group_by(LedgerEntry.account))}


def journals_of(invoice_id: uuid.UUID) -> list[dict]:
    """An invoice's journals with their entries, oldest first (for officers and tests)."""
    db = session()
    rows = db.execute(select(Journal, LedgerEntry).join(LedgerEntry, LedgerEntry.journal_id == Journal.id)
                      .where(Journal.invoice_id == invoice_id).order_by(Journal.created_at, Journal.key))
    journals: dict[uuid.UUID, dict] = {}
    for journal, entry in rows:
        item = journals.setdefault(journal.id, {
            "key": journal.key, "kind": journal.kind, "gateway": journal.gateway,
            "order_id": journal.order_id, "created_at": journal.created_at, "entries": []})
        item["entries"].append({"account": entry.account, "debit": entry.debit, "credit": entry.credit})
    return list(journals.values())
