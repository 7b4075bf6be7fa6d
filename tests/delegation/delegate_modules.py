"""Two service modules that exist only in tests: `klinik` and `sekolah`. Each shows whom a
request is for and who acts; `klinik` also writes an audit entry and reads the subject's data
through the consent service, the way a real module records actor and subject."""

from __future__ import annotations

import uuid

from app.access import require_scope
from app.contracts.consent import ReadRequest
from app.sdk import (
    API_PREFIX,
    Blueprint,
    DataUse,
    Scope,
    ServiceModule,
    acting_for,
    current_principal,
    services,
    session,
)

klinik = Blueprint("klinik", __name__, url_prefix=f"{API_PREFIX}/klinik", description="Test module.")
sekolah = Blueprint("sekolah", __name__, url_prefix=f"{API_PREFIX}/sekolah", description="Test module.")


def _whoami() -> dict:
    principal = current_principal()
    return {"subject": principal.subject, "actor": principal.actor, "acting_for": acting_for()}


@klinik.route("/whoami", methods=["GET"])
@require_scope("klinik.use")
@klinik.response(200)
def klinik_whoami():
    return _whoami()


@klinik.route("/visits", methods=["POST"])
@require_scope("klinik.use")
@klinik.response(201)
def book_visit():
    """Books a visit for the subject: audited, and reads their address on a legal duty."""
    principal = current_principal()
    services().get("audit").record("staff", "klinik.visit_booked", actor=principal.actor or principal.subject,
                                   subject=principal.subject)
    services().get("consent").authorize(ReadRequest(
        subject=uuid.UUID(principal.subject), module="klinik", purpose="booking", items=("profile:address",),
        actor=principal.actor or principal.subject))
    session.commit()
    return _whoami()


@sekolah.route("/whoami", methods=["GET"])
@require_scope("sekolah.use")
@sekolah.response(200)
def sekolah_whoami():
    return _whoami()


KLINIK = ServiceModule(
    slug="klinik", title={"id": "Klinik", "en": "Clinic"}, agency="kemenkes", version="1.0.0",
    blueprints=lambda: (klinik,),
    scopes=(Scope("klinik.use", {"id": "Layanan klinik", "en": "Clinic services"}),),
    data_uses=(DataUse("booking", {"id": "Memesan kunjungan", "en": "Booking a visit"}, ("profile:address",),
                       lawful_basis="legal_duty"),),
    package=__name__,
)
SEKOLAH = ServiceModule(
    slug="sekolah", title={"id": "Sekolah", "en": "School"}, agency="kemendikdasmen", version="1.0.0",
    blueprints=lambda: (sekolah,),
    scopes=(Scope("sekolah.use", {"id": "Layanan sekolah", "en": "School services"}),),
    package=f"{__name__}_sekolah",
)
