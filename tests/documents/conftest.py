"""Documents issued the way a module issues them: through the "documents" service."""

from datetime import timedelta

import pytest

from app.db import utcnow
from app.registry import services

ISSUER = "pengumuman"  # the in-tree module plays the issuing agency
TITLE = {"id": "Surat Keterangan Domisili", "en": "Certificate of Domicile"}
DATA = {"alamat": "Jl. Braga No. 5, Bandung", "keperluan": "Pendaftaran sekolah", "nomor": "SKD/2026/0042"}


@pytest.fixture
def issue(app, db_session, oidc_signing_keys):
    """`issue(account, **overrides)` -> DocumentRef, committed (in a request to http://localhost, whose
    root is the issuer, as in a module's view)."""

    def make(account, *, type="surat_domisili", title=TITLE, data=DATA, valid_until="default",
             module=ISSUER, supersedes=None):
        until = utcnow() + timedelta(days=365) if valid_until == "default" else valid_until
        with app.test_request_context("/", base_url="http://localhost/"):
            ref = services().get("documents").issue(account.id, type, title, data, until, module=module,
                                                    supersedes=supersedes)
            db_session.commit()
        return ref

    return make


@pytest.fixture
def wallet(citizen, account_headers):
    return account_headers(citizen, "documents")
