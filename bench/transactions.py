"""Data for the transaction scenarios, made through the served API where a citizen would act and
with the platform's own code where an agency or a gateway would:

- a citizen with CASES applications (filed through POST /api/v1/me/cases, each of which also put
  a notification in their inbox) and a token for "my cases" and the unread count;
- a pool of invoices with a live payment at the simulated gateway, and the gateway's signed
  "settlement" callback for each (each may be sent once: the plan is rebuilt for every run).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from bench.database import analyze, database_url
from bench.scenarios import fetch
from bench.sso import _citizen, _client, _provider, _user_token

EMAIL = "warga-perkara@contoh.id"
CASES = 200
SCOPE = "openid cases notifications payments"
EVENT = {"nama_kegiatan": "Festival Legu Gam", "tempat": "Lapangan Ngaralamo, Ternate",
         "tanggal": "2026-12-20", "perkiraan_peserta": 500}


def citizen_token(base_url: str) -> str:
    """A token of the bench citizen holding CASES applications (filed now if missing)."""
    with _provider(base_url) as app:
        account = _citizen(EMAIL)
        row, _secret = _client(app, name="Bench cases", public=True,
                               grant_types=["authorization_code", "refresh_token"], scopes=SCOPE.split())
        token = _user_token(account, row, SCOPE)
    headers = {"Authorization": f"Bearer {token}"}
    held = fetch(base_url, ("/api/v1/me/cases?per_page=1", headers)).json()["total"]
    body = json.dumps({"module": "perizinan", "service": "izin-keramaian", "form": EVENT, "submit": True})
    for _ in range(CASES - held):
        reply = fetch(base_url, ("/api/v1/me/cases", {**headers, "Content-Type": "application/json"}, body))
        assert reply.status == 201, reply.body
    if held < CASES:
        analyze(database_url())  # fresh planner statistics, as autovacuum would give a live system
    return token


def settlement_callbacks(base_url: str, count: int) -> list[tuple]:
    """`count` invoices, each with a live virtual-account payment at the simulated gateway, and the
    gateway's signed callback reporting it paid."""
    from app.db import session, utcnow
    from app.payments import attempts
    from app.payments.gateways.simulated import signed_callback
    from app.registry import services

    paid = []
    with _provider(base_url) as app:
        account = _citizen(EMAIL)
        payments = services().get("payments")
        agency = app.extensions["satupintu.modules"]["perizinan"].agency
        due = utcnow() + timedelta(days=30)
        for n in range(count):
            invoice = payments.create_invoice(account.id, [_item(n)], module="perizinan", agency=agency,
                                              due_at=due, reference=f"BENCH-{uuid.uuid4().hex}")
            session.commit()
            payment = attempts.start_payment(account.id, invoice.id, method="va_bca", gateway="simulated",
                                             actor=account.id)
            paid.append((payment["order_id"], invoice.amount))
        # signed once every invoice exists: making thousands takes minutes on a slow machine,
        # longer than the gateway's timestamp tolerance
        plan = []
        for order_id, amount in paid:
            body, headers = signed_callback(order_id, "settlement", amount)
            plan.append(("/api/v1/payments/callbacks/simulated", headers, body.decode()))
    return plan


def _item(n: int):
    from app.contracts.payments import InvoiceItem

    return InvoiceItem(description=f"Retribusi reklame #{n}", amount=150_000)
