"""The citizen's side: consent requests (approve, refuse, once), consents (list, withdraw), the
"who used my data" log (localised, paginated, filtered, no-store, constant queries), the export,
and that no citizen sees or touches another's rows (404, empty lists)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import pytest
from platform_probe import assert_problem
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.consent.models import ConsentRequest, DataAccess
from app.db import utcnow

ADDRESS, HOUSEHOLD = "profile:address", "profile:household"
REQUESTS, CONSENTS, ACCESS = "/api/v1/me/data-sharing/requests", "/api/v1/me/data-sharing/consents", \
    "/api/v1/me/data-access"


@pytest.fixture
def ask(api, officer_headers):
    """`ask(citizen, *items)`: the bansos module asks for consent (eligibility); the request id."""

    def make(person, *items, days=None) -> str:
        response = api.post(f"/api/v1/bansos/citizens/{person.id}/consent-requests", headers=officer_headers,
                            json={"purpose": "eligibility", "items": list(items or (ADDRESS,)), "days": days})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return make


def test_a_request_as_the_citizen_sees_it(api, ask, citizen, data_headers):
    request_id = ask(citizen, ADDRESS, HOUSEHOLD, days=90)
    response = api.get(REQUESTS, headers=data_headers(citizen))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    [shown] = response.get_json()
    assert shown["id"] == request_id and shown["status"] == "pending" and shown["consent_days"] == 90
    assert shown["module"] == {"slug": "bansos", "name": "Bantuan Sosial"}
    assert shown["agency"] == {"code": "kemensos", "name": "Kementerian Sosial"}
    assert shown["purpose"] == {"code": "eligibility",
                                "description": "Menilai kelayakan penerima bantuan sosial"}
    assert shown["items"] == [ADDRESS, HOUSEHOLD]
    english = api.get(f"{REQUESTS}/{request_id}", headers={**data_headers(citizen), "Accept-Language": "en"})
    assert english.get_json()["module"]["name"] == "Social Assistance"
    assert english.get_json()["agency"]["name"] == "Ministry of Social Affairs"


def test_approve_creates_a_consent_for_the_requested_time(api, ask, citizen, data_headers):
    request_id = ask(citizen, days=30)
    approved = api.post(f"{REQUESTS}/{request_id}/approve", headers=data_headers(citizen))
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    [consent] = api.get(CONSENTS, headers=data_headers(citizen)).get_json()
    assert consent["status"] == "active" and consent["request_id"] == request_id
    assert consent["items"] == [ADDRESS] and consent["module"]["slug"] == "bansos"
    granted = consent["granted_at"]
    assert consent["expires_at"] > granted
    assert api.get(f"{CONSENTS}?status=withdrawn", headers=data_headers(citizen)).get_json() == []


def test_a_request_is_answered_once(api, ask, citizen, data_headers):
    first, second = ask(citizen), ask(citizen)
    refusal = api.post(f"{REQUESTS}/{first}/refuse", headers=data_headers(citizen))
    assert refusal.get_json()["status"] == "refused"
    for action in ("approve", "refuse"):
        body = assert_problem(api.post(f"{REQUESTS}/{first}/{action}", headers=data_headers(citizen)), 409)
        assert body["type"] == "urn:satupintu:problem:consent-request-closed"
    assert api.post(f"{REQUESTS}/{second}/approve", headers=data_headers(citizen)).status_code == 200
    assert_problem(api.post(f"{REQUESTS}/{second}/refuse", headers=data_headers(citizen)), 409)
    assert api.get(CONSENTS, headers=data_headers(citizen)).get_json()[0]["request_id"] == second


def test_an_unanswered_request_lapses(api, ask, citizen, data_headers, db_session):
    request_id = ask(citizen)
    row = db_session.get(ConsentRequest, uuid.UUID(request_id))
    assert row.expires_at - row.created_at == timedelta(days=30)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    shown = api.get(f"{REQUESTS}/{request_id}", headers=data_headers(citizen)).get_json()
    assert shown["status"] == "expired"
    assert api.get(f"{REQUESTS}?status=pending", headers=data_headers(citizen)).get_json() == []
    assert len(api.get(f"{REQUESTS}?status=expired", headers=data_headers(citizen)).get_json()) == 1
    assert_problem(api.post(f"{REQUESTS}/{request_id}/approve", headers=data_headers(citizen)), 409)


def test_withdrawing_twice_changes_nothing(api, ask, citizen, data_headers, db_session):
    api.post(f"{REQUESTS}/{ask(citizen)}/approve", headers=data_headers(citizen))
    [consent] = api.get(CONSENTS, headers=data_headers(citizen)).get_json()
    first = api.post(f"{CONSENTS}/{consent['id']}/withdraw", headers=data_headers(citizen)).get_json()
    again = api.post(f"{CONSENTS}/{consent['id']}/withdraw", headers=data_headers(citizen)).get_json()
    assert first["withdrawn_at"] == again["withdrawn_at"] and again["status"] == "withdrawn"
    withdrawals = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "consent.withdrawn"))
    assert len(list(withdrawals)) == 1


def test_consent_changes_are_audited_with_the_citizen_as_actor(api, ask, citizen, bansos_officer,
                                                              data_headers, db_session):
    request_id = ask(citizen)
    api.post(f"{REQUESTS}/{request_id}/approve", headers=data_headers(citizen))
    [consent] = api.get(CONSENTS, headers=data_headers(citizen)).get_json()
    api.post(f"{CONSENTS}/{consent['id']}/withdraw", headers=data_headers(citizen))
    rows = list(db_session.scalars(select(AuditEntry).where(AuditEntry.chain == "consent")
                                   .order_by(AuditEntry.sequence)))
    me = str(citizen.id)
    assert [(r.action, r.actor, r.subject) for r in rows] == [
        ("consent.requested", str(bansos_officer.id), me), ("consent.approved", me, me),
        ("consent.withdrawn", me, me)]
    assert json.loads(rows[1].payload)["consent_id"] == consent["id"]


# --- one citizen never reaches another's rows ---------------------------------------------------

def test_another_citizen_gets_404_and_empty_lists(api, ask, module_read, citizen, make_citizen, data_headers):
    request_id = ask(citizen)
    api.post(f"{REQUESTS}/{request_id}/approve", headers=data_headers(citizen))
    [consent] = api.get(CONSENTS, headers=data_headers(citizen)).get_json()
    other_request = ask(citizen)
    module_read(citizen)
    intruder = data_headers(make_citizen())
    for url in (f"{REQUESTS}/{other_request}", f"{REQUESTS}/{uuid.uuid4()}"):
        assert_problem(api.get(url, headers=intruder), 404)
    for url in (f"{REQUESTS}/{other_request}/approve", f"{REQUESTS}/{other_request}/refuse",
                f"{CONSENTS}/{consent['id']}/withdraw", f"{CONSENTS}/{uuid.uuid4()}/withdraw"):
        assert_problem(api.post(url, headers=intruder), 404)
    for url in (REQUESTS, CONSENTS):
        assert api.get(url, headers=intruder).get_json() == []
    assert api.get(ACCESS, headers=intruder).get_json() == {"items": [], "next_cursor": None}
    still = api.get(f"{REQUESTS}/{other_request}", headers=data_headers(citizen)).get_json()
    assert still["status"] == "pending"
    assert api.get(CONSENTS, headers=data_headers(citizen)).get_json()[0]["status"] == "active"


@pytest.mark.parametrize("url", [REQUESTS, CONSENTS, ACCESS, "/api/v1/me/export"])
def test_the_data_scope_and_a_citizen_are_required(api, citizen, account_headers, token_for, url):
    assert_problem(api.get(url), 401)
    response = api.get(url, headers=account_headers(citizen, "openid", "profile"))
    assert_problem(response, 403)
    assert 'scope="data"' in response.headers["WWW-Authenticate"]
    client_token = {"Authorization": f"Bearer {token_for('data')}"}  # a back end's own token
    assert assert_problem(api.get(url, headers=client_token), 403)["type"].endswith(":not-a-citizen")


# --- the "who used my data" log -------------------------------------------------------------------

@pytest.fixture
def module_read(api, officer_headers):
    def read(person, purpose="fraud_check"):
        return api.post(f"/api/v1/bansos/citizens/{person.id}/read", headers=officer_headers,
                        json={"purpose": purpose, "items": [ADDRESS]})

    return read


def fill_log(db_session, person, count: int, *, module="bansos", start=None) -> list[DataAccess]:
    start = start or utcnow() - timedelta(days=1)
    rows = [DataAccess(subject=person.id, occurred_at=start + timedelta(seconds=n), module=module,
                       agency="kemensos", actor="system", purpose="fraud_check", basis="legal_duty",
                       allowed=[ADDRESS], refused=[]) for n in range(count)]
    db_session.add_all(rows)
    db_session.commit()
    return rows


def test_the_log_shows_who_read_what_when_and_why(api, module_read, citizen, bansos_officer, data_headers):
    module_read(citizen)
    module_read(citizen, "eligibility")
    response = api.get(ACCESS, headers=data_headers(citizen))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    newest, oldest = response.get_json()["items"]
    assert (newest["outcome"], newest["refused"], newest["reason"]) == ("refused", [ADDRESS], "no_consent")
    assert newest["basis"] == {"code": "none", "description": "Tidak ada dasar: akses ditolak"}
    assert oldest["outcome"] == "allowed" and oldest["allowed"] == [ADDRESS]
    assert oldest["actor"] == {"kind": "officer", "id": str(bansos_officer.id), "label": "Petugas instansi"}
    assert oldest["module"] == {"slug": "bansos", "name": "Bantuan Sosial"}
    assert oldest["agency"] == {"code": "kemensos", "name": "Kementerian Sosial"}
    assert oldest["basis"]["description"] == "Kewajiban hukum instansi"
    assert oldest["time"] <= newest["time"]


def test_the_log_pages_newest_first_without_gaps(api, citizen, data_headers, db_session):
    rows = fill_log(db_session, citizen, 25)
    seen, cursor = [], None
    for _page in range(3):
        url = f"{ACCESS}?limit=10" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(url, headers=data_headers(citizen)).get_json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
    assert cursor is None
    assert seen == [str(row.id) for row in reversed(rows)]


def test_entries_at_the_same_moment_are_neither_lost_nor_repeated(api, citizen, data_headers, db_session):
    moment = utcnow() - timedelta(hours=1)
    rows = [DataAccess(subject=citizen.id, occurred_at=moment, module="bansos", agency="kemensos",
                       actor="system", purpose="fraud_check", basis="legal_duty", allowed=[ADDRESS],
                       refused=[]) for _ in range(7)]
    db_session.add_all(rows)
    db_session.commit()
    seen, cursor = [], ""
    while cursor is not None:
        body = api.get(f"{ACCESS}?limit=3&cursor={cursor}" if cursor else f"{ACCESS}?limit=3",
                       headers=data_headers(citizen)).get_json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
    assert sorted(seen) == sorted(str(row.id) for row in rows) and len(seen) == 7


def test_the_log_filters_by_module_and_time(api, citizen, data_headers, db_session):
    start = utcnow() - timedelta(days=10)
    fill_log(db_session, citizen, 3, start=start)
    fill_log(db_session, citizen, 2, module="pajak", start=start + timedelta(days=5))
    def ids(query):
        return [item["module"]["slug"] for item in api.get(f"{ACCESS}?{query}",
                                                           headers=data_headers(citizen)).get_json()["items"]]
    assert ids("module=pajak") == ["pajak", "pajak"]
    since = (start + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert ids(f"since={since}") == ["pajak", "pajak"]
    until = (start + timedelta(seconds=1, microseconds=1)).isoformat().replace("+00:00", "Z")
    assert ids(f"until={until}") == ["bansos", "bansos"]
    assert ids("module=nowhere") == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_log_pages_are_exactly_the_schema_dump(api, citizen, bansos_officer, data_headers, db_session,
                                               language):
    """The log is encoded straight from JSON fragments (present.access_page_json): to the byte what
    json.dumps makes of present.access_views (the export's form), which is, value for value, what
    DataAccessPageSchema dumps (no field more or less, times and ids as it writes them: the API
    writes a time's six fraction digits even when they are all zero, the schema then none); every
    entry's item lists, outcome and labels are there however many entries share them."""
    from app.consent import access_log
    from app.consent.present import access_views
    from app.consent.schemas import DataAccessPageSchema, DataAccessSchema

    start = utcnow().replace(microsecond=250_000) - timedelta(hours=1)
    variants = [  # (module, agency, actor, purpose, basis, allowed, refused, reason)
        ("bansos", "kemensos", "system", "fraud_check", "legal_duty", [ADDRESS], [], None),
        ("bansos", "kemensos", str(bansos_officer.id), "eligibility", "consent", [ADDRESS], [HOUSEHOLD],
         "no_consent"),
        ("bansos", "kemensos", f"representative:{uuid.uuid4()}", "eligibility", "none", [],
         [ADDRESS, HOUSEHOLD], "no_consent"),
        ("profile", "satupintu", f"citizen:{citizen.id}", "delegation", "consent", [HOUSEHOLD], [], None),
        ("uninstalled", "unknown-agency", "system", "whatever", "none", [], [ADDRESS], "module_disabled")]
    db_session.add_all(DataAccess(subject=citizen.id, occurred_at=start + timedelta(seconds=n), module=module,
                                  agency=agency, actor=actor, purpose=purpose, basis=basis, allowed=allowed,
                                  refused=refused, reason=reason)
                       for n, (module, agency, actor, purpose, basis, allowed, refused, reason)
                       in enumerate(variants * 3))
    db_session.commit()
    headers = {**data_headers(citizen), "Accept-Language": language}
    cursor, after, pages = None, None, []
    for _page in range(2):
        response = api.get(f"{ACCESS}?limit=8" + (f"&cursor={cursor}" if cursor else ""), headers=headers)
        assert response.status_code == 200
        body = response.get_json()
        with api.application.test_request_context(headers={"Accept-Language": language}):
            rows, _cursor = access_log.page(citizen.id, limit=8, after=after)
            views = access_views(rows)
        assert response.data == json.dumps({"items": views, "next_cursor": body["next_cursor"]}).encode()
        as_objects = [{**item, "id": uuid.UUID(item["id"]), "time": datetime.fromisoformat(item["time"])}
                      for item in body["items"]]
        assert body == DataAccessPageSchema().dump({**body, "items": as_objects})
        assert all(item.keys() == DataAccessSchema().fields.keys() for item in body["items"])
        pages.append(body)
        cursor = body["next_cursor"]
        after = access_log.decode_cursor(cursor) if cursor else None
    items = pages[0]["items"] + pages[1]["items"]
    assert cursor is None and len(items) == 15
    expected = [(allowed, refused, reason) for *_rest, allowed, refused, reason in reversed(variants * 3)]
    assert [(item["allowed"], item["refused"], item["reason"]) for item in items] == expected
    assert [item["outcome"] for item in items[:5]] == ["refused", "allowed", "refused", "partial", "allowed"]


def test_log_fragments_kept_between_pages_follow_each_page_s_locale(api, citizen, data_headers, db_session):
    """The JSON fragments access_page_json keeps per app are per locale, and stay bounded."""
    from app.consent import access_log, present

    fill_log(db_session, citizen, 3)
    bodies = {}
    for language in ("id", "en", "id"):
        response = api.get(ACCESS, headers={**data_headers(citizen), "Accept-Language": language})
        with api.application.test_request_context(headers={"Accept-Language": language}):
            rows, _cursor = access_log.page(citizen.id, limit=20)
            expected = json.dumps({"items": present.access_views(rows), "next_cursor": None}).encode()
        assert response.data == expected
        bodies.setdefault(language, response.data)
    assert bodies["id"] != bodies["en"]
    few = present._Fragments(str, limit=2)
    assert [few[n] for n in range(5)] == ["0", "1", "2", "3", "4"] and len(few) <= 2


@pytest.mark.parametrize("query", ["cursor=not-a-cursor", "limit=0", "limit=101", "module=Bad-Slug",
                                   "since=yesterday", "page=2"])
def test_bad_log_queries_are_422(api, citizen, data_headers, query):
    assert_problem(api.get(f"{ACCESS}?{query}", headers=data_headers(citizen)), 422)


def test_a_page_costs_the_same_queries_however_long_the_log(api, citizen, data_headers, db_session,
                                                            count_queries):
    headers = data_headers(citizen)

    def statements() -> int:
        with count_queries() as counter:
            assert api.get(f"{ACCESS}?limit=20", headers=headers).status_code == 200
        return counter.count

    fill_log(db_session, citizen, 3)
    statements()  # warm the per-process caches (signing keys, agency names)
    few = statements()
    fill_log(db_session, citizen, 300)
    assert statements() == few <= 3


# --- export -----------------------------------------------------------------------------------------

def test_export_gathers_every_section(api, ask, module_read, citizen, data_headers):
    api.post(f"{REQUESTS}/{ask(citizen)}/approve", headers=data_headers(citizen))
    module_read(citizen)
    response = api.get("/api/v1/me/export", headers={**data_headers(citizen), "Accept-Language": "en"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_json()
    assert body["format"] == "satupintu-export/1" and body["subject"] == str(citizen.id)
    sections = body["sections"]
    assert {"account", "data_sharing", "bansos"} <= sections.keys()
    assert sections["account"]["email"] == citizen.email
    assert sections["account"]["nik_masked"].startswith("****")
    assert "password_hash" not in json.dumps(sections["account"])
    sharing = sections["data_sharing"]
    assert [r["status"] for r in sharing["requests"]] == ["approved"]
    assert [c["status"] for c in sharing["consents"]] == ["active"]
    assert [e["module"]["name"] for e in sharing["data_access"]] == ["Social Assistance"]
    assert sections["bansos"] == {"applications": [{"subject": str(citizen.id), "status": "draft"}]}


def test_export_is_rate_limited(client, citizen, data_headers, override_config):
    override_config(RATELIMIT_EXPORT="2/minute")
    for _ in range(2):
        assert client.get("/api/v1/me/export", headers=data_headers(citizen)).status_code == 200
    assert_problem(client.get("/api/v1/me/export", headers=data_headers(citizen)), 429)


def test_the_data_scope_reaches_the_provider_and_its_consent_screen(client, app):
    from app.registry import scopes

    discovery = client.get("/.well-known/openid-configuration").get_json()
    assert "data" in discovery["scopes_supported"]
    with app.app_context():
        [scope] = [s for s in scopes().all() if s.name == "data"]
    assert scope.description == {"id": "Lihat dan kelola berbagi data Anda",
                                 "en": "See and manage how your data is shared"}


def test_export_holds_every_consent_however_many(api, ask, citizen, data_headers, monkeypatch):
    from app.consent import citizen as listing

    monkeypatch.setattr(listing, "MAX_LISTED", 2)  # the lists the API answers stop there
    for _ in range(3):
        api.post(f"{REQUESTS}/{ask(citizen)}/approve", headers=data_headers(citizen))
    assert len(api.get("/api/v1/me/data-sharing/consents", headers=data_headers(citizen)).get_json()) == 2
    export = api.get("/api/v1/me/export", headers=data_headers(citizen)).get_json()
    sharing = export["sections"]["data_sharing"]
    assert len(sharing["consents"]) == 3 and len(sharing["requests"]) == 3
