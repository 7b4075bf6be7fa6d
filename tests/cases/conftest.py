"""Cases through the API, with the in-tree perizinan module's services (agency dpmptsp-8271,
Kota Ternate, WIT): "izin-keramaian" is free, "izin-reklame" costs IDR 150,000 and adds a
site_inspection state."""

from __future__ import annotations

import uuid

import pytest

from app.db import session

AGENCY = "dpmptsp-8271"
OTHER_AGENCY = "dpmptsp-3273"
ME = "/api/v1/me/cases"
QUEUE = "/api/v1/agency/cases"

EVENT = {"nama_kegiatan": "Festival Legu Gam", "tempat": "Lapangan Ngaralamo, Ternate",
         "tanggal": "2026-12-20", "perkiraan_peserta": 500}
BILLBOARD = {"nama_usaha": "Toko Cengkeh Jaya", "lokasi": "Jl. Pahlawan Revolusi No. 12, Ternate",
             "jenis_reklame": "baliho", "lebar_m": 4, "tinggi_m": 3, "lama_bulan": 6}


@pytest.fixture(autouse=True)
def _issuer(override_config):
    # documents are issued in requests to http://localhost; set the issuer for work done in tasks
    override_config(OIDC_ISSUER="http://localhost")


@pytest.fixture
def me(account_headers, citizen):
    return account_headers(citizen, "cases", "documents")


@pytest.fixture
def clerk(make_staff):
    """An officer of the perizinan module's agency."""
    return make_staff("officer", agency=AGENCY, full_name="Petugas DPMPTSP")


@pytest.fixture
def desk(clerk, account_headers):
    return account_headers(clerk)


@pytest.fixture
def file_case(client, me):
    """`file_case(service="izin-keramaian", form=EVENT, submit=True, headers=me)` -> case JSON."""

    def file(service="izin-keramaian", form=None, *, submit=True, headers=None, expect=201):
        form = form if form is not None else (EVENT if service == "izin-keramaian" else BILLBOARD)
        response = client.post(ME, headers=headers or me, json={
            "module": "perizinan", "service": service, "form": form, "submit": submit})
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    return file


def case_row(case_id):
    from app.cases.models import Case

    return session().get(Case, uuid.UUID(str(case_id)), populate_existing=True)
