"""Re-encrypting data at rest under the current data key, after a rotation moved
ENCRYPTION_KEY_ID (`flask keys reencrypt`). Old keys stay in ENCRYPTION_KEYS until this has run.

Each capability holding sealed values registers an area (`register(app, name, function)`, the
function takes a batch size and returns how many rows it re-encrypted): accounts (NIK, MFA
secret), profile (fields and history), documents. `reencrypt_table` does the work for a table
whose rows carry a key id and AES-GCM blobs bound to a context:

- batched: one transaction per batch of rows, walked in primary-key order (keyset);
- idempotent: only rows under another key are read, so a second run finds nothing;
- safe beside live writes: each row is written back only if its key id and blobs are still those
  it read (compare-and-set), so a concurrent edit is never overwritten with the old value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, current_app
from sqlalchemy import Column, and_, select, tuple_, update

from app.db import session
from auth.accounts import crypto

AREAS = "satupintu.reencrypt"
DEFAULT_BATCH = 500

Context = Callable[[object, str], str]  # (row, blob column name) -> the AES-GCM associated data


def register(app: Flask, name: str, function: Callable[[int], int]) -> None:
    app.extensions.setdefault(AREAS, {})[name] = function


def reencrypt_everything(batch: int = DEFAULT_BATCH) -> dict[str, int]:
    """Rows re-encrypted per area (areas in name order)."""
    areas = current_app.extensions.get(AREAS, {})
    return {name: areas[name](batch) for name in sorted(areas)}


def reencrypt_table(key: Column, blobs: Sequence[Column], context: Context, *,
                    batch: int = DEFAULT_BATCH) -> int:
    """Re-encrypt every row of `key`'s table whose key id (`key`) is not the current one."""
    current = crypto.keyring().current_key_id
    table = key.table
    primary = list(table.primary_key.columns)
    # "" and NULL key ids mark rows without a sealed value (e.g. a history row of a cleared field)
    stale = select(*primary, key, *blobs).where(key != current, key != "").order_by(*primary).limit(batch)
    db = session()
    done, after = 0, None
    while True:
        query = stale if after is None else stale.where(tuple_(*primary) > tuple_(*after))
        rows = db.execute(query).all()
        if not rows:
            return done
        for row in rows:
            done += _reencrypt_row(table, primary, key, blobs, context, row)
        db.commit()
        after = tuple(getattr(row, column.key) for column in primary)


def _reencrypt_row(table, primary, key: Column, blobs: Sequence[Column], context: Context, row) -> int:
    old_key = getattr(row, key.key)
    values, unchanged = {}, [key == old_key]
    for column in blobs:
        blob = getattr(row, column.key)
        unchanged.append(column.is_(None) if blob is None else column == blob)
        if blob is not None:
            bound = context(row, column.key)
            new_key, values[column.key] = crypto.encrypt(crypto.decrypt(old_key, blob, context=bound),
                                                         context=bound)
            values[key.key] = new_key
    if not values:
        return 0
    matches = and_(*(column == getattr(row, column.key) for column in primary), *unchanged)
    return session().execute(update(table).where(matches).values(**values)
                             .execution_options(synchronize_session=False)).rowcount


def reencrypt_accounts(batch: int = DEFAULT_BATCH) -> int:
    from auth.accounts.models import Account

    table = Account.__table__.c
    nik = reencrypt_table(table.nik_key_id, [table.nik_ciphertext],
                          lambda row, _column: f"nik:{row.id}", batch=batch)
    mfa = reencrypt_table(table.mfa_key_id, [table.mfa_secret_ciphertext],
                          lambda row, _column: f"mfa:{row.id}", batch=batch)
    return nik + mfa
