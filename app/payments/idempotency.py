"""Idempotency-Key for calls that create payments (draft-ietf-httpapi-idempotency-key-header).

    @blp.route("/things", methods=["POST"])
    @require_scope("payments")
    @idempotent(lambda: current_principal().subject)   # keys are scoped per caller
    @blp.arguments(ThingSchema)
    @blp.response(201, ThingOut)
    def create(body): ...

- no key: 400; a key is 1..255 visible characters (quotes of the structured-field form dropped);
- first use: the key is claimed (committed at once), the view runs, and its response (status,
  body, a few headers) is stored with the claim until PAYMENTS_IDEMPOTENCY_TTL;
- same key, same request (method, path and JSON body, whitespace and key order aside): the stored
  response again, with `Idempotent-Replayed: true`;
- same key, another request: 422; while the first is still running: 409;
- the view raising (a problem, an error) or answering 5xx releases the key, so a retry runs again.
  A claim left running by a dead process is taken over after PAYMENTS_IDEMPOTENCY_LOCK_SECONDS.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import Response, current_app, make_response, request
from sqlalchemy import delete, insert, select, update

from app.db import new_id, session, utcnow
from app.payments.models import IdempotencyKey
from app.payments.sql import insert_once
from app.problems import Problem

HEADER = "Idempotency-Key"
# OpenAPI: `@blp.doc(parameters=[HEADER_DOC])` on an idempotent view
HEADER_DOC = {"in": "header", "name": HEADER, "required": True,
              "schema": {"type": "string", "minLength": 1, "maxLength": 255},
              "description": "A unique key per operation the client means to make (e.g. a UUID). Retrying "
                             "with it returns the first answer; the operation never happens twice."}
_KEY = re.compile(r"^[\x21-\x7e]{1,255}\Z")
_KEPT_HEADERS = ("Content-Type", "Location", "Cache-Control", "Content-Language")


def fingerprint() -> str:
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode() if raw else b""
    except ValueError:
        body = raw
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


def _key() -> str:
    value = request.headers.get(HEADER)
    if value is None:
        raise Problem(400, "idempotency-key-missing")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not _KEY.match(value):
        raise Problem(400, "idempotency-key-invalid")
    return value


def claim(scope: str, key: str, print_: str) -> tuple[IdempotencyKey | None, object]:
    """(stored row to replay, None) or (None, claim id) once this request owns the key."""
    db = session()
    # End the request's read-only transaction (authentication) so the claim starts with a write:
    # SQLite then waits for the write lock instead of failing on a stale snapshot.
    db.commit()
    now = utcnow()
    config = current_app.config
    claim_id = new_id()
    values = {"id": claim_id, "scope": scope, "key": key, "fingerprint": print_, "created_at": now,
              "expires_at": now + timedelta(seconds=config["PAYMENTS_IDEMPOTENCY_TTL"])}
    if insert_once(IdempotencyKey, values, ["scope", "key"]):
        db.commit()
        return None, claim_id
    row = db.scalar(select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
                    .with_for_update().execution_options(populate_existing=True))
    stale = now - timedelta(seconds=config["PAYMENTS_IDEMPOTENCY_LOCK_SECONDS"])
    if row is None or row.expires_at <= now or (row.status is None and row.created_at <= stale
                                                and row.fingerprint == print_):
        # expired, or abandoned by a process that died mid-request: this request takes the key
        db.execute(delete(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key))
        db.execute(insert(IdempotencyKey).values(**values))
        db.commit()
        return None, claim_id
    if row.fingerprint != print_:
        raise Problem(422, "idempotency-key-reused")
    if row.status is None:
        raise Problem(409, "idempotency-key-in-progress")
    return row, None


def _store(claim_id, response: Response) -> None:
    db = session()
    headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    db.execute(update(IdempotencyKey).where(IdempotencyKey.id == claim_id)
               .values(status=response.status_code, body=response.get_data(as_text=True), headers=headers))
    db.commit()


def _release(claim_id) -> None:
    db = session()
    db.rollback()
    db.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claim_id))
    db.commit()


def _replay(row: IdempotencyKey) -> Response:
    response = Response(row.body, status=row.status)
    for name, value in (row.headers or {}).items():
        response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(scope: Callable[[], str]):
    """Require an Idempotency-Key on the view and apply the semantics above; `scope()` names
    whose keys these are (a caller's key never meets another caller's)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            key = _key()
            stored, claim_id = claim(str(scope())[:80], key, fingerprint())
            if stored is not None:
                return _replay(stored)
            try:
                response = make_response(view(*args, **kwargs))
            except BaseException:
                _release(claim_id)
                raise
            if response.status_code >= 500:
                _release(claim_id)
            else:
                _store(claim_id, response)
            return response

        return guarded

    return decorate


def purge_expired(limit: int = 5000) -> int:
    """Delete keys past their TTL (the periodic task calls this)."""
    db = session()
    ids = list(db.scalars(select(IdempotencyKey.id).where(IdempotencyKey.expires_at <= utcnow())
                          .limit(limit)))
    if ids:
        db.execute(delete(IdempotencyKey).where(IdempotencyKey.id.in_(ids)))
    return len(ids)
