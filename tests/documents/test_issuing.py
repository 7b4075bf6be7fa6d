"""What modules may issue, supersede and read through the "documents" contract."""

import uuid
from datetime import datetime, timedelta

import pytest

from app.contracts.documents import DocumentNotFound
from app.db import utcnow
from app.registry import services
from tests.documents.conftest import DATA, ISSUER, TITLE


@pytest.mark.parametrize("overrides", [
    {"type": "Surat Domisili"},  # not an item name
    {"type": "surat-domisili"},
    {"title": {"id": "Surat"}},  # a locale missing
    {"data": {"blob": "x" * 20_000}},  # over DOCUMENTS_MAX_DATA_BYTES
    {"valid_until": utcnow() - timedelta(days=1)},
    {"valid_until": datetime(2030, 1, 1)},  # naive
    {"module": "nosuchmodule"},
])
def test_invalid_documents_are_refused(citizen, issue, overrides):
    with pytest.raises(ValueError):
        issue(citizen, **overrides)


def test_data_must_be_json(citizen, issue):
    with pytest.raises(TypeError):
        issue(citizen, data={"when": object()})


def test_documents_go_to_citizens_only(officer, issue):
    with pytest.raises(DocumentNotFound):
        issue(officer)
    with pytest.raises(DocumentNotFound):
        issue(type("Nobody", (), {"id": uuid.uuid4()})())


def test_only_the_issuer_supersedes_and_only_the_same_citizen(citizen, make_citizen, issue):
    old = issue(citizen)
    with pytest.raises(DocumentNotFound):
        issue(make_citizen(full_name="Budi Santoso", sex="M"), supersedes=old.id)
    with pytest.raises(DocumentNotFound):
        issue(citizen, supersedes=uuid.uuid4())


def test_the_issuing_module_reads_its_own_document_without_consent(citizen, issue):
    ref = issue(citizen)
    view = services().get("documents").read_for_module(ref.id, citizen.id, module=ISSUER,
                                                       purpose="any_purpose", actor="system")
    assert view.data == DATA and view.title == TITLE and view.holder_name == "Rina Marlina"
    assert view.status == "valid" and view.module == ISSUER


def test_a_module_never_reads_a_document_of_another_subject(citizen, make_citizen, issue):
    ref = issue(citizen)
    other = make_citizen(full_name="Budi Santoso", sex="M")
    with pytest.raises(DocumentNotFound):
        services().get("documents").read_for_module(ref.id, other.id, module=ISSUER, purpose="any_purpose",
                                                    actor="system")


def test_the_holder_name_is_stored_sealed(citizen, issue, db_session):
    from app.documents.models import Document

    row = db_session.get(Document, issue(citizen).id)
    assert b"Rina" not in row.sealed and b"Braga" not in row.sealed


def test_a_module_confirms_profile_values_with_a_document_it_issued(citizen, issue, db_session):
    ref = issue(citizen)
    profile = services().get("profile")
    profile.record_verified(citizen.id, {"birth_place": "Bandung"}, source=f"document:{ref.id}",
                            module=ISSUER)
    db_session.commit()
    with pytest.raises(ValueError):  # not the module that issued it
        profile.record_verified(citizen.id, {"birth_place": "Garut"}, source=f"document:{ref.id}",
                                module="probe")
    services().get("documents").revoke(ref.id, "issued in error", module=ISSUER)
    with pytest.raises(ValueError):  # no longer valid
        profile.record_verified(citizen.id, {"birth_place": "Garut"}, source=f"document:{ref.id}",
                                module=ISSUER)
    from app.profile.store import load_state

    field = load_state(citizen.id).fields["birth_place"]  # the document is the value's source
    assert (field.value, field.source) == ("Bandung", f"document:{ref.id}") and field.verified_at
