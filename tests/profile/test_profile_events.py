"""profile.changed (after commit, field names only) and values modules confirm."""

import uuid

import pytest

from app.contracts.profile import PROFILE_CHANGED
from app.registry import services
from app.sdk import signals

URL = "/api/v1/me/profile"
KK = "3273051205100007"


@pytest.fixture
def received():
    events = []

    def receive(_sender, **payload):
        events.append(payload)

    signals.signal(PROFILE_CHANGED).connect(receive)
    yield events
    signals.signal(PROFILE_CHANGED).disconnect(receive)


def test_a_change_signals_the_field_names_after_commit(client, citizen, account_headers, received):
    headers = account_headers(citizen, "profile", "account")
    etag = client.get(URL, headers=headers).headers["ETag"]
    response = client.patch(URL, headers={**headers, "If-Match": etag},
                            json={"family_card_number": KK, "birth_place": "Bandung"})
    assert response.status_code == 200
    assert received == [{"subject": str(citizen.id), "fields": ["birth_place", "family_card_number"],
                         "version": 1}]
    assert KK not in repr(received)


def test_refused_and_empty_changes_signal_nothing(client, citizen, account_headers, received):
    headers = account_headers(citizen, "profile", "account")
    etag = client.get(URL, headers=headers).headers["ETag"]
    client.patch(URL, headers={**headers, "If-Match": '"stale"'}, json={"birth_place": "Bandung"})
    client.patch(URL, headers={**headers, "If-Match": etag}, json={"family_card_number": "123"})
    client.patch(URL, headers={**headers, "If-Match": etag}, json={"full_name": citizen.full_name})
    assert received == []


def test_a_module_records_a_registry_confirmed_value(client, citizen, account_headers, db_session, received):
    profile = services().get("profile")
    profile.record_verified(citizen.id, {"family_card_number": KK}, source="registry:pengumuman",
                            module="pengumuman")
    db_session.commit()
    assert received[0]["fields"] == ["family_card_number"]
    fields = client.get(URL, headers=account_headers(citizen, "profile")).get_json()["fields"]
    assert fields["family_card_number"]["source"] == "registry:pengumuman"
    assert fields["family_card_number"]["verified_at"] is not None
    history = client.get(f"{URL}/history", headers=account_headers(citizen, "profile")).get_json()
    assert history["items"][0]["actor"] == "pengumuman"


@pytest.mark.parametrize(("values", "source"), [
    ({"family_card_number": KK}, "registry:dukcapil"),  # another module's registry
    ({"family_card_number": KK}, "self"),
    ({"family_card_number": KK}, f"document:{uuid.uuid4()}"),  # no such document
    ({"family_card_number": "123"}, "registry:pengumuman"),
    ({"full_name": None}, "registry:pengumuman"),
    ({"nik": "3171015405920001"}, "registry:pengumuman"),
])
def test_a_module_cannot_record_what_it_may_not_confirm(citizen, values, source):
    with pytest.raises(ValueError):
        services().get("profile").record_verified(citizen.id, values, source=source, module="pengumuman")
