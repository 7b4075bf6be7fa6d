"""/api/v1/me/notifications: the citizen's own inbox only, in their language, read state,
a one-query unread count, preferences and push devices."""

import uuid

import pytest

from app.notifications.models import Device

URL = "/api/v1/me/notifications"


def test_the_inbox_lists_newest_first_in_the_readers_language(client, citizen, inbox, send):
    first = send(citizen, link="/cases/1", case_id=uuid.UUID(int=1))
    second = send(citizen, category="payments")
    response = client.get(URL, headers=inbox)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["total"] == 2 and [item["id"] for item in body["items"]] == [str(second), str(first)]
    item = body["items"][1]
    assert item["title"] == "Izin IK/2026/0042 disetujui"
    assert item["body"] == "Izin keramaian Anda untuk Festival Braga telah disetujui."
    assert item["link"] == "/cases/1" and item["case_id"] == str(uuid.UUID(int=1))
    assert item["category"] == "cases" and item["module"] == "pengumuman" and item["read"] is False
    english = client.get(URL, headers={**inbox, "Accept-Language": "en"}).get_json()
    assert english["items"][1]["title"] == "Permit IK/2026/0042 approved"


def test_pagination_and_filters(client, citizen, inbox, send):
    ids = [send(citizen, category="cases" if n % 2 else "payments") for n in range(5)]
    page = client.get(f"{URL}?per_page=2&page=2", headers=inbox).get_json()
    assert page["total"] == 5 and page["page"] == 2 and [i["id"] for i in page["items"]] == [
        str(ids[2]), str(ids[1])]
    assert client.get(f"{URL}?category=cases", headers=inbox).get_json()["total"] == 2
    client.post(f"{URL}/{ids[0]}/read", headers=inbox)
    assert client.get(f"{URL}?unread=true", headers=inbox).get_json()["total"] == 4
    assert [i["id"] for i in client.get(f"{URL}?unread=false", headers=inbox).get_json()["items"]] == [
        str(ids[0])]
    assert client.get(f"{URL}?per_page=101", headers=inbox).status_code == 422
    assert client.get(f"{URL}?category=gossip", headers=inbox).status_code == 422
    assert client.get(f"{URL}?owner=someone", headers=inbox).status_code == 422


def test_marking_read_one_and_all(client, citizen, inbox, send):
    one, two, three = send(citizen), send(citizen, category="payments"), send(citizen)
    response = client.post(f"{URL}/{one}/read", headers=inbox)
    assert response.status_code == 200 and response.get_json()["read"] is True
    read_at = response.get_json()["read_at"]
    assert client.post(f"{URL}/{one}/read", headers=inbox).get_json()["read_at"] == read_at  # unchanged
    assert client.get(f"{URL}/{one}", headers=inbox).get_json()["read"] is True
    assert client.get(f"{URL}/unread-count", headers=inbox).get_json() == {"unread": 2}
    assert client.post(f"{URL}/read-all?category=payments", headers=inbox).get_json() == {"marked": 1}
    assert client.post(f"{URL}/read-all", headers=inbox).get_json() == {"marked": 1}
    assert client.get(f"{URL}/{three}", headers=inbox).get_json()["read"] is True
    assert client.get(f"{URL}/unread-count", headers=inbox).get_json() == {"unread": 0}
    assert two


def test_the_unread_count_is_one_query(client, citizen, inbox, send, count_queries):
    for _ in range(3):
        send(citizen)
    client.get(f"{URL}/unread-count", headers=inbox)  # warm: token key, statement caches
    with count_queries() as counter:
        response = client.get(f"{URL}/unread-count", headers=inbox)
    assert response.get_json() == {"unread": 3} and response.headers["Cache-Control"] == "no-store"
    ours = [s for s in counter.statements if "notifications_notification" in s]
    assert len(ours) == 1 and "read_at IS NULL" in ours[0]
    assert counter.count == 2  # the token's grant and account (every API call), and the count


def test_another_citizens_notification_answers_like_a_random_id(client, citizen, send, make_citizen,
                                                                account_headers):
    theirs = send(citizen)
    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "notifications")
    assert client.get(URL, headers=other).get_json()["total"] == 0
    assert client.get(f"{URL}/unread-count", headers=other).get_json() == {"unread": 0}
    for method, path in (("get", "/{id}"), ("post", "/{id}/read")):
        mine = getattr(client, method)(URL + path.format(id=theirs), headers=other)
        random = getattr(client, method)(URL + path.format(id=uuid.uuid4()), headers=other)
        assert mine.status_code == random.status_code == 404
        assert mine.get_json().keys() == random.get_json().keys()
    assert client.post(f"{URL}/read-all", headers=other).get_json() == {"marked": 0}
    inbox = account_headers(citizen, "notifications")
    assert client.get(f"{URL}/{theirs}", headers=inbox).get_json()["read"] is False


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("get", "/unread-count"), ("post", "/read-all"), ("get", "/preferences"),
    ("get", "/devices"), ("get", "/{id}"),
])
def test_the_inbox_needs_the_notifications_scope(client, citizen, account_headers, method, path):
    url = URL + path.format(id=uuid.uuid4())
    assert getattr(client, method)(url).status_code == 401
    denied = getattr(client, method)(url, headers=account_headers(citizen, "profile"))
    assert denied.status_code == 403 and "insufficient_scope" in denied.headers["WWW-Authenticate"]


def test_preferences_read_and_replace(client, inbox):
    defaults = client.get(f"{URL}/preferences", headers=inbox)
    assert defaults.status_code == 200 and defaults.headers["Cache-Control"] == "no-store"
    body = defaults.get_json()
    assert body["channels"] == {"inbox": True, "email": True, "push": True}
    assert body["categories"]["cases"] == {"email": True, "push": True}
    assert set(body["categories"]) == {"cases", "payments", "documents", "security", "announcements"}
    assert body["labels"]["payments"] == "Pembayaran"
    english = client.get(f"{URL}/preferences", headers={**inbox, "Accept-Language": "en"}).get_json()
    assert english["labels"]["payments"] == "Payments"

    changed = client.put(f"{URL}/preferences", headers=inbox, json={
        "channels": {"push": False}, "categories": {"payments": {"email": False}}})
    assert changed.status_code == 200
    body = changed.get_json()
    assert body["channels"] == {"inbox": True, "email": True, "push": False}
    assert body["categories"]["payments"] == {"email": False, "push": True}
    assert client.get(f"{URL}/preferences", headers=inbox).get_json() == body
    reset = client.put(f"{URL}/preferences", headers=inbox, json={}).get_json()
    assert reset["channels"]["push"] is True and reset["categories"]["payments"]["email"] is True


@pytest.mark.parametrize("body", [
    {"channels": {"inbox": False}},
    {"channels": {"sms": True}},
    {"categories": {"gossip": {"email": False}}},
    {"categories": {"cases": {"email": "sometimes"}}},
    {"extra": 1},
    {"labels": {"cases": "x"}},
])
def test_bad_preferences_are_refused(client, inbox, body):
    response = client.put(f"{URL}/preferences", headers=inbox, json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_devices_register_refresh_list_and_unregister(client, db_session, citizen, inbox, make_citizen,
                                                      account_headers):
    token = "fcm-token-" + "a" * 150
    created = client.post(f"{URL}/devices", headers=inbox, json={"token": token, "platform": "android",
                                                                 "label": "Pixel"})
    assert created.status_code == 201 and "token" not in created.get_json()
    device_id = created.get_json()["id"]
    again = client.post(f"{URL}/devices", headers=inbox, json={"token": token, "platform": "android",
                                                               "label": "Pixel 9"})
    assert again.status_code == 200 and again.get_json()["id"] == device_id
    listed = client.get(f"{URL}/devices", headers=inbox).get_json()["items"]
    assert [(d["id"], d["label"], d["active"]) for d in listed] == [(device_id, "Pixel 9", True)]

    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "notifications")
    assert client.delete(f"{URL}/devices/{device_id}", headers=other).status_code == 404
    assert client.delete(f"{URL}/devices/{uuid.uuid4()}", headers=other).status_code == 404
    # The same token signed in to another account moves there.
    moved = client.post(f"{URL}/devices", headers=other, json={"token": token, "platform": "android"})
    assert moved.status_code == 201
    assert client.get(f"{URL}/devices", headers=inbox).get_json()["items"] == []
    assert client.delete(f"{URL}/devices/{moved.get_json()['id']}", headers=other).status_code == 204
    assert db_session.query(Device).count() == 0


def test_device_registrations_are_capped(client, inbox, override_config):
    override_config(NOTIFICATIONS_MAX_DEVICES=2)
    for n in range(3):
        client.post(f"{URL}/devices", headers=inbox, json={"token": f"token-{n}-" + "b" * 30,
                                                           "platform": "ios"})
    labels = client.get(f"{URL}/devices", headers=inbox).get_json()["items"]
    assert len(labels) == 2


@pytest.mark.parametrize("body", [
    {"token": "short", "platform": "android"},
    {"token": "t" * 40, "platform": "symbian"},
    {"token": "t" * 40, "platform": "ios", "active": False},
])
def test_bad_device_registrations_are_refused(client, inbox, body):
    assert client.post(f"{URL}/devices", headers=inbox, json=body).status_code == 422


def test_the_export_holds_the_inbox_preferences_and_devices(client, citizen, account_headers, send):
    headers = account_headers(citizen, "data", "notifications")
    assert "notifications" not in client.get("/api/v1/me/export", headers=headers).get_json()["sections"]
    notification_id = send(citizen, link="/cases/7")
    client.put(f"{URL}/preferences", headers=headers, json={"channels": {"email": False}})
    client.post(f"{URL}/devices", headers=headers, json={"token": "secret-token-" + "z" * 40,
                                                         "platform": "ios"})
    response = client.get("/api/v1/me/export", headers=headers)
    section = response.get_json()["sections"]["notifications"]
    [item] = section["inbox"]
    assert item["id"] == str(notification_id) and item["title"] == "Izin IK/2026/0042 disetujui"
    assert item["template"] == "pengumuman.permit_approved" and item["params"]["event"] == "Festival Braga"
    assert section["preferences"]["channels"] == {"inbox": True, "email": False, "push": True}
    [device] = section["devices"]
    assert device["platform"] == "ios" and "secret-token" not in response.get_data(as_text=True)
