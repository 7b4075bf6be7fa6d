"""Synthetic catalog entries shaped like real ones: regional offices of common agency types
offering common services, so search and filters are exercised at the seed's 27,000 scale."""

from __future__ import annotations

import random

from sqlalchemy import delete, insert, select

from app.catalog.models import CatalogEntry, EntryRegion
from app.catalog.search import normalise
from app.catalog.service import mark_changed
from app.db import new_id, session, utcnow
from app.reference.models import Agency, Region

MODULE = "synthetic"

# (agency type, category, names id/en, [(action id, action en, object id, object en, keywords)])
OFFICES = [
    ("disdukcapil", "kependudukan", "Dinas Kependudukan dan Pencatatan Sipil",
     "Population and Civil Registration Office", [
         ("Penerbitan", "Issuance of", "KTP elektronik", "electronic ID card", "ktp identitas"),
         ("Perubahan", "Update of", "Kartu Keluarga", "family card", "kk keluarga"),
         ("Penerbitan", "Issuance of", "akta kelahiran", "birth certificate", "lahir bayi"),
         ("Penerbitan", "Issuance of", "akta kematian", "death certificate", "meninggal"),
         ("Pencatatan", "Registration of", "perkawinan", "marriage", "nikah"),
         ("Legalisasi", "Legalisation of", "dokumen kependudukan", "civil documents", "legalisir"),
         ("Pindah datang", "Moving in", "penduduk", "residents", "domisili pindah"),
         ("Penerbitan", "Issuance of", "Kartu Identitas Anak", "child ID card", "kia anak"),
     ]),
    ("dinkes", "kesehatan", "Dinas Kesehatan", "Health Office", [
        ("Pendaftaran", "Registration for", "imunisasi anak", "child immunisation", "vaksin"),
        ("Antrean", "Queue for", "puskesmas", "community health centre", "berobat dokter"),
        ("Penerbitan", "Issuance of", "surat keterangan sehat", "health certificate", "sehat"),
        ("Izin", "Licence for", "praktik tenaga kesehatan", "health practitioners", "sip str"),
        ("Pelaporan", "Reporting of", "kasus demam berdarah", "dengue cases", "dbd nyamuk"),
        ("Pemeriksaan", "Screening for", "kesehatan ibu hamil", "maternal health", "posyandu"),
    ]),
    ("bapenda", "pajak", "Badan Pendapatan Daerah", "Regional Revenue Agency", [
        ("Pembayaran", "Payment of", "pajak kendaraan bermotor", "motor vehicle tax", "pkb samsat"),
        ("Pembayaran", "Payment of", "pajak bumi dan bangunan", "land and building tax", "pbb"),
        ("Cek tagihan", "Bill check for", "pajak kendaraan", "vehicle tax", "stnk"),
        ("Keringanan", "Relief on", "denda pajak daerah", "regional tax penalties", "pemutihan"),
        ("Balik nama", "Transfer of", "kendaraan bermotor", "vehicle ownership", "bbnkb"),
    ]),
    ("dinsos", "sosial", "Dinas Sosial", "Social Affairs Office", [
        ("Pendaftaran", "Registration for", "bantuan sosial", "social assistance", "bansos dtks"),
        ("Pengecekan", "Check of", "penerima bantuan pangan", "food aid recipients", "sembako"),
        ("Pengajuan", "Application for", "bantuan disabilitas", "disability support", "difabel"),
        ("Rekomendasi", "Recommendation for", "keringanan biaya", "fee waivers", "sktm miskin"),
    ]),
    ("dpmptsp", "perizinan", "Dinas Penanaman Modal dan PTSP",
     "Investment and One-Stop Service Office", [
         ("Penerbitan", "Issuance of", "izin usaha mikro", "micro business licence", "umkm nib"),
         ("Persetujuan", "Approval of", "bangunan gedung", "building approval", "pbg imb"),
         ("Izin", "Permit for", "reklame", "billboards", "iklan"),
         ("Sertifikat", "Certificate of", "laik fungsi", "building fitness", "slf"),
     ]),
    ("disdik", "pendidikan", "Dinas Pendidikan", "Education Office", [
        ("Pendaftaran", "Enrolment for", "peserta didik baru", "new students", "ppdb sekolah"),
        ("Legalisasi", "Legalisation of", "ijazah", "diplomas", "sekolah"),
        ("Pengajuan", "Application for", "beasiswa daerah", "regional scholarships", "kip"),
    ]),
    ("dishub", "transportasi", "Dinas Perhubungan", "Transportation Office", [
        ("Uji", "Inspection of", "kendaraan bermotor", "motor vehicles", "kir"),
        ("Izin", "Permit for", "trayek angkutan umum", "public transport routes", "angkot"),
        ("Pengaduan", "Complaints on", "parkir liar", "illegal parking", "parkir"),
    ]),
    ("disnaker", "ketenagakerjaan", "Dinas Tenaga Kerja", "Manpower Office", [
        ("Penerbitan", "Issuance of", "kartu pencari kerja", "job seeker card", "ak1 loker"),
        ("Pendaftaran", "Registration for", "pelatihan kerja", "vocational training", "blk"),
        ("Pengaduan", "Complaints on", "hubungan industrial", "industrial relations", "phk"),
    ]),
]



def _agencies_for(province: Region, db) -> dict[str, str]:
    """One synthetic office of each type per province (created when missing)."""
    codes = {}
    for office_type, _category, name_id, name_en, _services in OFFICES:
        code = f"{office_type}-{province.code}"
        if db.get(Agency, code) is None:
            db.add(Agency(code=code, level="province", region_code=province.code,
                          name_id=f"{name_id} Provinsi {province.name}",
                          name_en=f"{name_en} of {province.name} Province"))
        codes[office_type] = code
    return codes


def generate(count: int, *, seed: int = 27) -> int:
    """Replace the synthetic entries with `count` new ones (deterministic for a seed)."""
    rng = random.Random(seed)
    db = session()
    provinces = list(db.scalars(select(Region).where(Region.level == "province")))
    if not provinces:
        raise RuntimeError("no regions loaded: run `flask reference load` first")
    agencies = {p.code: _agencies_for(p, db) for p in provinces}
    db.flush()
    db.execute(delete(CatalogEntry).where(CatalogEntry.module_slug == MODULE))
    channels = [("daring", "online"), ("di gerai", "at the counter"), ("keliling", "mobile unit"),
                ("ekspres", "express"), ("terpadu", "integrated")]
    entries, regions = [], []
    now = utcnow()
    for number in range(count):
        province = provinces[number % len(provinces)]
        office_type, category, _n_id, _n_en, services = OFFICES[rng.randrange(len(OFFICES))]
        action_id, action_en, object_id, object_en, keywords = services[rng.randrange(len(services))]
        channel_id, channel_en = channels[rng.randrange(len(channels))]
        title_id = f"{action_id} {object_id} {channel_id} — {province.name} #{number}"
        title_en = f"{action_en} {object_en} ({channel_en}) — {province.name} #{number}"
        summary_id = (f"Layanan {action_id.lower()} {object_id} secara {channel_id} untuk warga "
                      f"{province.name}.")
        summary_en = f"{action_en} {object_en}, {channel_en}, for residents of {province.name}."
        entry_id = new_id()
        nationwide = rng.random() < 0.05
        entries.append({
            "id": entry_id, "module_slug": MODULE, "code": f"svc-{number:06d}",
            "category_slug": category, "agency_code": agencies[province.code][office_type],
            "title_id": title_id, "title_en": title_en,
            "summary_id": summary_id, "summary_en": summary_en,
            "keywords_id": keywords, "keywords_en": keywords,
            "search_text": normalise(" ".join(
                (title_id, title_en, summary_id, summary_en, keywords))),
            "assurance": "ial2" if rng.random() < 0.3 else "ial1",
            "deep_link": f"satupintu://layanan/{MODULE}/svc-{number:06d}",
            "icon": category, "nationwide": nationwide, "updated_at": now,
        })
        if not nationwide:
            regions.append({"entry_id": entry_id, "region_code": province.code})
    for start in range(0, len(entries), 2000):
        db.execute(insert(CatalogEntry), entries[start:start + 2000])
    for start in range(0, len(regions), 5000):
        db.execute(insert(EntryRegion), regions[start:start + 5000])
    mark_changed()
    db.commit()
    return len(entries)
