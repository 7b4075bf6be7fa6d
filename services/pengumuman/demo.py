from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.sdk import session, utcnow
from services.pengumuman.models import Announcement

DEMO = [
    ("disdukcapil-8271", "82.71", "Layanan KTP-el hari Sabtu", "Saturday e-ID card service",
     "Kantor Disdukcapil Kota Ternate membuka layanan KTP-el setiap Sabtu pukul 08.00–12.00 WIT.",
     "Ternate's civil registry office serves e-ID cards on Saturdays, 08:00–12:00 WIT."),
    ("bapenda-82", "82", "Pemutihan denda pajak kendaraan", "Vehicle tax penalty waiver",
     "Denda pajak kendaraan bermotor di Maluku Utara dihapus hingga akhir bulan.",
     "Vehicle tax penalties in North Maluku are waived until the end of the month."),
    ("kemenkes", None, "Imunisasi anak nasional", "National child immunisation",
     "Bawa anak Anda ke puskesmas terdekat untuk imunisasi lengkap.",
     "Bring your child to the nearest health centre for full immunisation."),
]


def load():
    db = session()
    if db.scalar(select(func.count()).select_from(Announcement)):
        yield "pengumuman: demo announcements already present"
        return
    now = utcnow()
    for days, (agency, region, title_id, title_en, body_id, body_en) in enumerate(DEMO):
        db.add(Announcement(agency_code=agency, region_code=region, title_id=title_id,
                            title_en=title_en, body_id=body_id, body_en=body_en,
                            published_at=now - timedelta(days=days)))
    db.commit()
    yield f"pengumuman: {len(DEMO)} demo announcements"
