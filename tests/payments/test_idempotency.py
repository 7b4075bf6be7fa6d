"""Idempotency-Key on POST /me/invoices/<id>/payments (draft-ietf-httpapi-idempotency-key-header)."""

from datetime import timedelta

from sqlalchemy import func, select, update

from app.db import new_id, utcnow
from app.payments.models import Attempt, IdempotencyKey, SimCharge
from tests.payments.conftest import INVOICES, start


def _charges(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(SimCharge))


def test_a_missing_key_is_refused_before_anything_happens(client, db_session, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    response = client.post(f"{INVOICES}/{invoice.id}/payments", json={"method": "qris"}, headers=payer)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["type"].endswith("idempotency-key-missing")
    assert _charges(db_session) == 0
    blank = client.post(f"{INVOICES}/{invoice.id}/payments", json={"method": "qris"},
                        headers={**payer, "Idempotency-Key": ""})
    assert blank.status_code == 400


def test_the_same_key_and_body_replays_the_stored_response(client, db_session, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    first = start(client, payer, invoice.id, key="kunci-1", method="qris")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    # the same JSON with other whitespace and key order is the same request
    again = client.post(f"{INVOICES}/{invoice.id}/payments", data='{ "method" :  "qris" }',
                        headers={**payer, "Idempotency-Key": "kunci-1", "Content-Type": "application/json"})
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert again.headers["Cache-Control"] == "no-store"
    quoted = start(client, payer, invoice.id, key='"kunci-1"', method="qris")  # structured-field form
    assert quoted.status_code == 201 and quoted.get_json() == first.get_json()
    assert _charges(db_session) == 1
    assert db_session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_the_same_key_with_another_body_is_refused(client, db_session, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    assert start(client, payer, invoice.id, key="kunci-2", method="qris").status_code == 201
    other = start(client, payer, invoice.id, key="kunci-2", method="va_bca")
    assert other.status_code == 422 and other.get_json()["type"].endswith("idempotency-key-reused")
    second_invoice = make_invoice(citizen)
    elsewhere = start(client, payer, second_invoice.id, key="kunci-2", method="qris")  # another path
    assert elsewhere.status_code == 422
    assert _charges(db_session) == 1


def test_a_key_still_running_answers_409(client, db_session, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    first = start(client, payer, invoice.id, key="kunci-3", method="qris")
    # make the stored key look like a request that has not finished yet
    db_session.execute(update(IdempotencyKey).where(IdempotencyKey.key == "kunci-3")
                       .values(status=None, body=None, created_at=utcnow()))
    db_session.commit()
    running = start(client, payer, invoice.id, key="kunci-3", method="qris")
    assert first.status_code == 201 and running.status_code == 409
    assert running.get_json()["type"].endswith("idempotency-key-in-progress")


def test_an_abandoned_claim_is_taken_over_after_the_lock_time(client, db_session, citizen, payer,
                                                             make_invoice):
    invoice = make_invoice(citizen)
    assert start(client, payer, invoice.id, key="kunci-4", method="qris").status_code == 201
    db_session.execute(update(IdempotencyKey).where(IdempotencyKey.key == "kunci-4")
                       .values(status=None, body=None, created_at=utcnow() - timedelta(hours=1)))
    db_session.commit()
    # the first request died mid-way: a retry runs again (and finds the live payment)
    retried = start(client, payer, invoice.id, key="kunci-4", method="qris")
    assert retried.status_code == 409 and retried.get_json()["type"].endswith("payment-in-progress")


def test_keys_are_scoped_per_citizen(client, db_session, make_citizen, make_invoice, account_headers):
    rina, budi = make_citizen(), make_citizen(full_name="Budi Santoso")
    first, second = make_invoice(rina), make_invoice(budi)
    assert start(client, account_headers(rina, "payments"), first.id, key="sama").status_code == 201
    assert start(client, account_headers(budi, "payments"), second.id, key="sama").status_code == 201
    assert _charges(db_session) == 2


def test_a_failed_request_releases_its_key(client, db_session, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    invalid = start(client, payer, invoice.id, key="kunci-5", method="bitcoin")
    assert invalid.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert start(client, payer, invoice.id, key="kunci-5", method="qris").status_code == 201


def test_keys_expire_after_their_ttl(client, db_session, citizen, payer, make_invoice):
    from app.payments.expiry import expire_due

    invoice = make_invoice(citizen)
    assert start(client, payer, invoice.id, key="kunci-6", method="qris").status_code == 201
    db_session.execute(update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert expire_due()["idempotency_keys"] == 1
    db_session.add(IdempotencyKey(id=new_id(), scope="x", key="y", fingerprint="0" * 64, status=201,
                                  body="{}", expires_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    # an expired key is as good as new: this request runs (and finds the live payment)
    reused = start(client, payer, invoice.id, key="kunci-6", method="va_bca")
    assert reused.status_code == 409 and reused.get_json()["type"].endswith("payment-in-progress")
