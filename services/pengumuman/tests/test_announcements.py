from datetime import timedelta

from app.sdk import utcnow
from services.pengumuman.models import Announcement


def announce(db_session, *, agency="kemenkes", region=None, days_ago=0, title="Imunisasi"):
    row = Announcement(agency_code=agency, region_code=region, title_id=title,
                       title_en=f"{title} (en)", body_id="Isi", body_en="Body",
                       published_at=utcnow() - timedelta(days=days_ago))
    db_session.add(row)
    db_session.commit()
    return row


def test_lists_newest_first_in_the_callers_language(client, db_session):
    announce(db_session, title="Lama", days_ago=3)
    announce(db_session, title="Baru")
    body = client.get("/api/v1/pengumuman/announcements", headers={"Accept-Language": "en"}).get_json()
    assert [item["title"] for item in body["items"]] == ["Baru (en)", "Lama (en)"]
    assert body["total"] == 2


def test_region_filter_includes_nationwide_and_province_wide(client, db_session):
    announce(db_session, title="Nasional")
    announce(db_session, agency="bapenda-82", region="82", title="Provinsi")
    announce(db_session, agency="disdukcapil-8271", region="82.71", title="Kota")
    announce(db_session, agency="bapenda-31", region="31", title="Jakarta")
    titles = {item["title"] for item in client.get(
        "/api/v1/pengumuman/announcements?region=82.71").get_json()["items"]}
    assert titles == {"Nasional", "Provinsi", "Kota"}


def test_one_announcement_and_unknown_ids(client, db_session):
    row = announce(db_session)
    assert client.get(f"/api/v1/pengumuman/announcements/{row.id}").get_json()["title"] == "Imunisasi"
    missing = client.get("/api/v1/pengumuman/announcements/6f1f7b1e-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
