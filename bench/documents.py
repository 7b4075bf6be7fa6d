"""Data for the document verification scenario: documents the in-tree module issued to a bench
citizen, made with the platform's own code against the bench database, and their tokens (what a
verifier's scanner reads from the QR codes)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from bench.database import database_url
from bench.sso import _citizen

EMAIL = "warga-dokumen@contoh.id"
DOCUMENTS = 20
TITLE = {"id": "Surat Keterangan Domisili", "en": "Certificate of Domicile"}


def prepare(base_url: str) -> list[str]:
    """Tokens of DOCUMENTS valid documents (issued now; earlier runs' documents are left alone)."""
    from app import create_app
    from app.db import session, utcnow
    from app.registry import services

    app = create_app({"DATABASE_URL": database_url(), "LOG_LEVEL": "WARNING"})
    with app.test_request_context("/", base_url=base_url + "/"):  # the issuer is the served app
        # nobody signs in with it
        account = _citizen(EMAIL, "Warga Uji Dokumen", secrets.token_urlsafe(24))
        documents = services().get("documents")
        tokens = [documents.issue(account.id, "surat_domisili", TITLE, {"nomor": f"SKD/BENCH/{n:04d}"},
                                  utcnow() + timedelta(days=365), module="pengumuman").token
                  for n in range(DOCUMENTS)]
        session.commit()
        session.remove()
    app.extensions["satupintu.engine"].dispose()
    return tokens
