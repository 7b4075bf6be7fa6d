"""`flask payments reconcile <gateway> <report.csv>`: the ledger against the gateway's report."""

import pytest

from tests.payments.conftest import pay_on_page, start


@pytest.fixture
def settled(client, citizen, payer, make_invoice):
    """Three paid invoices (order ids), one of them refunded."""
    orders = []
    for amount in (10_000, 20_000, 30_000):
        invoice = make_invoice(citizen, amount)
        payment = start(client, payer, invoice.id).get_json()
        pay_on_page(client, payment)
        orders.append((invoice, payment["order_id"], amount))
    return orders


def _run(app, tmp_path, rows: list[str], gateway: str = "simulated"):
    report = tmp_path / "report.csv"
    report.write_text("order_id,type,amount,settled_at\n" + "".join(f"{row}\n" for row in rows))
    return app.test_cli_runner().invoke(args=["payments", "reconcile", gateway, str(report)])


def _refund(client, invoice, admin_headers):
    response = client.post(f"/api/v1/payments/invoices/{invoice.id}/refund", json={"reason": "Ganda"},
                           headers={**admin_headers, "Idempotency-Key": f"r-{invoice.id}"})
    assert response.status_code == 200


def test_a_matching_report_exits_zero(app, client, tmp_path, settled, admin_headers):
    _refund(client, settled[2][0], admin_headers)
    rows = [f"{order},settlement,{amount}.00,2026-11-28" for _invoice, order, amount in settled]
    rows.append(f"{settled[2][1]},refund,30000,2026-11-28")
    result = _run(app, tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert "4 ledger movements, 4 report lines, 0 differences" in result.output


def test_each_kind_of_difference_is_reported(app, tmp_path, settled):
    (_, first, _), (_, second, _), (_, third, _) = settled
    rows = [f"{first},settlement,10000,2026-11-28",  # matches
            f"{second},settlement,25000,2026-11-28",  # amount differs
            "SP-UNKNOWN-ORDER,settlement,5000,2026-11-28"]  # not in the ledger; the third is missing
    result = _run(app, tmp_path, rows)
    assert result.exit_code == 1
    lines = [line.split() for line in result.output.splitlines()]
    assert ["AMOUNT", "settlement", second, "ledger=20000", "report=25000"] in lines
    assert ["EXTRA", "settlement", "SP-UNKNOWN-ORDER", "ledger=None", "report=5000"] in lines
    assert ["MISSING", "settlement", third, "ledger=30000", "report=None"] in lines
    assert "3 differences" in result.output


def test_a_refund_missing_from_the_report_is_a_difference(app, client, tmp_path, settled, admin_headers):
    _refund(client, settled[0][0], admin_headers)
    rows = [f"{order},settlement,{amount}" for _invoice, order, amount in settled]
    result = _run(app, tmp_path, rows)
    assert result.exit_code == 1 and "MISSING  refund" in result.output


def test_another_gateways_ledger_is_separate(app, tmp_path, settled):
    result = _run(app, tmp_path, [], gateway="midtrans")
    assert result.exit_code == 0 and "0 ledger movements" in result.output


def test_a_malformed_report_is_a_usage_error(app, tmp_path):
    report = tmp_path / "bad.csv"
    report.write_text("order,amount\nx,1\n")
    result = app.test_cli_runner().invoke(args=["payments", "reconcile", "simulated", str(report)])
    assert result.exit_code == 2 and "order_id" in result.output
    report.write_text("order_id,type,amount\nx,settlement,sepuluh\n")
    result = app.test_cli_runner().invoke(args=["payments", "reconcile", "simulated", str(report)])
    assert result.exit_code == 2 and "not a number" in result.output
    report.write_text("order_id,type,amount\nx,settlement,10000.50\n")  # no rupiah fraction is cut off
    result = app.test_cli_runner().invoke(args=["payments", "reconcile", "simulated", str(report)])
    assert result.exit_code == 2 and "whole rupiah" in result.output
