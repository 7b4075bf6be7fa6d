"""Two service modules that exist only in tests, using the platform through app.sdk and
app.contracts only: `kelahiran` issues birth certificates; `sekolah` enrols pupils and reads a
birth certificate and profile fields with the citizen's consent."""

from __future__ import annotations

import uuid

import marshmallow as ma

from app.contracts.documents import DocumentNotFound
from app.sdk import (
    API_PREFIX,
    Blueprint,
    DataUse,
    Problem,
    ServiceModule,
    current_principal,
    require_role,
    services,
    session,
)

KELAHIRAN_OFFICER, SEKOLAH_OFFICER = "kelahiran.officer", "sekolah.officer"
BIRTH_CERTIFICATE = "akta_kelahiran"
ENROLMENT = "enrolment"

issuing = Blueprint("kelahiran", __name__, url_prefix=f"{API_PREFIX}/kelahiran", description="Test module.")
reading = Blueprint("sekolah", __name__, url_prefix=f"{API_PREFIX}/sekolah", description="Test module.")


class Certificate(ma.Schema):
    child_name = ma.fields.String(required=True)
    birth_date = ma.fields.String(required=True)


class Fields(ma.Schema):
    fields = ma.fields.List(ma.fields.String(), required=True)


class Ask(ma.Schema):
    items = ma.fields.List(ma.fields.String(), required=True)


@issuing.route("/citizens/<uuid:subject>/certificates", methods=["POST"])
@require_role(KELAHIRAN_OFFICER)
@issuing.arguments(Certificate)
@issuing.response(201)
def issue_certificate(body, subject: uuid.UUID):
    ref = services().get("documents").issue(
        subject, BIRTH_CERTIFICATE, {"id": "Akta Kelahiran", "en": "Birth Certificate"},
        {"nama_anak": body["child_name"], "tanggal_lahir": body["birth_date"]}, module="kelahiran")
    session.commit()
    return {"id": str(ref.id)}


@issuing.route("/certificates/<uuid:document_id>/revoke", methods=["POST"])
@require_role(KELAHIRAN_OFFICER)
@issuing.response(204)
def revoke_certificate(document_id: uuid.UUID):
    services().get("documents").revoke(document_id, "issued in error", module="kelahiran")
    session.commit()


@reading.route("/citizens/<uuid:subject>/consent-requests", methods=["POST"])
@require_role(SEKOLAH_OFFICER)
@reading.arguments(Ask)
@reading.response(201)
def ask(body, subject: uuid.UUID):
    request_id = services().get("consent").request(
        subject=subject, module="sekolah", purpose=ENROLMENT, items=tuple(body["items"]),
        actor=current_principal().subject)
    session.commit()
    return {"id": str(request_id)}


@reading.route("/citizens/<uuid:subject>/documents/<document>", methods=["GET"])
@require_role(SEKOLAH_OFFICER)
@reading.response(200)
def read_document(subject: uuid.UUID, document: str):
    """`document`: a document id, or a type (the newest valid one)."""
    try:
        wanted = uuid.UUID(document)
    except ValueError:
        wanted = document
    try:
        view = services().get("documents").read_for_module(
            wanted, subject, module="sekolah", purpose=ENROLMENT, actor=current_principal().subject)
    except DocumentNotFound:
        raise Problem(404) from None
    session.commit()  # the access-log entry
    return {"id": str(view.id), "type": view.type, "status": view.status, "data": dict(view.data),
            "holder_name": view.holder_name}


@reading.route("/citizens/<uuid:subject>/prefill", methods=["POST"])
@require_role(SEKOLAH_OFFICER)
@reading.arguments(Fields)
@reading.response(200)
def prefill(body, subject: uuid.UUID):
    found = services().get("profile").prefill(subject, body["fields"], ENROLMENT, "sekolah",
                                              actor=current_principal().subject)
    session.commit()  # the access-log entry
    return {name: {"value": field.value, "source": field.source} for name, field in found.items()}


KELAHIRAN = ServiceModule(
    slug="kelahiran", title={"id": "Akta Kelahiran", "en": "Birth Registration"}, agency="dukcapil",
    version="1.0.0", blueprints=lambda: (issuing,), roles=(KELAHIRAN_OFFICER,), package=__name__,
)

SEKOLAH = ServiceModule(
    slug="sekolah", title={"id": "Pendaftaran Sekolah", "en": "School Enrolment"}, agency="kemendikdasmen",
    version="1.0.0", blueprints=lambda: (reading,), roles=(SEKOLAH_OFFICER,),
    data_uses=(DataUse(ENROLMENT, {"id": "Mendaftarkan anak ke sekolah", "en": "Enrolling a child at school"},
                       ("document:akta_kelahiran", "profile:full_name", "profile:birth_date",
                        "profile:address")),),
    package=f"{__name__}_sekolah",
)
