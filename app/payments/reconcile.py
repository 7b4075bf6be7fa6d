"""Reconciliation: the ledger's movements at a gateway against the gateway's settlement report.

The report is CSV with a header naming at least `order_id`, `type` (settlement | refund) and
`amount` (whole rupiah; "10000.00" is accepted). Each (order_id, type) of the ledger — payment and
unapplied journals are settlements, refund journals refunds — must appear once with the same
amount. Differences: missing (in the ledger, not in the report), extra (in the report, not in
the ledger) and amount (both, different amounts).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.db import session
from app.payments.ledger import clearing
from app.payments.models import Journal, LedgerEntry

KIND_TYPES = {"payment": "settlement", "unapplied": "settlement", "refund": "refund"}


@dataclass(frozen=True)
class Difference:
    kind: str  # missing | extra | amount
    order_id: str
    type: str
    ledger_amount: int | None
    report_amount: int | None

    def line(self) -> str:
        return (f"{self.kind.upper():8} {self.type:10} {self.order_id:30} ledger={self.ledger_amount} "
                f"report={self.report_amount}")


def ledger_movements(gateway: str) -> dict[tuple[str, str], int]:
    """(order_id, type) -> amount moved through the gateway's clearing account."""
    rows = session().execute(select(Journal.order_id, Journal.kind, LedgerEntry.debit, LedgerEntry.credit)
                             .join(LedgerEntry, LedgerEntry.journal_id == Journal.id)
                             .where(Journal.gateway == gateway, LedgerEntry.account == clearing(gateway)))
    movements: dict[tuple[str, str], int] = defaultdict(int)
    for order_id, kind, debit, credit in rows:
        if kind in KIND_TYPES:
            movements[(order_id, KIND_TYPES[kind])] += debit + credit
    return dict(movements)


def read_report(lines: Iterable[str]) -> dict[tuple[str, str], int]:
    reader = csv.DictReader(lines)
    missing = {"order_id", "type", "amount"} - set(reader.fieldnames or ())
    if missing:
        raise click.UsageError(f"the report lacks column(s): {', '.join(sorted(missing))}")
    report: dict[tuple[str, str], int] = defaultdict(int)
    for number, row in enumerate(reader, start=2):
        try:
            amount = Decimal(row["amount"].strip())
        except (InvalidOperation, AttributeError):
            raise click.UsageError(f"line {number}: amount {row['amount']!r} is not a number") from None
        if amount != amount.to_integral_value():  # rupiah have no fraction: never cut one off silently
            raise click.UsageError(f"line {number}: amount {row['amount']!r} is not a whole rupiah amount")
        kind = (row["type"] or "").strip().lower()
        if kind not in ("settlement", "refund"):
            raise click.UsageError(f"line {number}: type must be settlement or refund")
        report[((row["order_id"] or "").strip(), kind)] += int(amount)
    return dict(report)


def compare(ledger: dict[tuple[str, str], int], report: dict[tuple[str, str], int]) -> list[Difference]:
    differences = []
    for key in sorted(set(ledger) | set(report)):
        ours, theirs = ledger.get(key), report.get(key)
        if theirs is None:
            differences.append(Difference("missing", key[0], key[1], ours, None))
        elif ours is None:
            differences.append(Difference("extra", key[0], key[1], None, theirs))
        elif ours != theirs:
            differences.append(Difference("amount", key[0], key[1], ours, theirs))
    return differences


@click.group("payments", help="Payments: reconciliation with a gateway's report, the expiry sweep.")
def payments_cli() -> None:
    pass


@payments_cli.command("reconcile", help="Compare the ledger with GATEWAY's settlement REPORT (CSV); "
                                        "exit status 1 when they differ.")
@click.argument("gateway")
@click.argument("report", type=click.File("r", encoding="utf-8-sig"))
@with_appcontext
def reconcile_command(gateway: str, report) -> None:
    ours, theirs = ledger_movements(gateway), read_report(report)
    differences = compare(ours, theirs)
    for difference in differences:
        click.echo(difference.line())
    click.echo(f"{len(ours)} ledger movements, {len(theirs)} report lines, {len(differences)} differences")
    if differences:
        raise SystemExit(1)


@payments_cli.command("expire", help="Run the expiry sweep once.")
@with_appcontext
def expire_command() -> None:
    from app.payments.expiry import expire_due

    click.echo(expire_due())
