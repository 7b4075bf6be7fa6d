"""One-stop permits of Kota Ternate's DPMPTSP: applications filed and followed through the
platform's cases capability (a paid billboard permit and a free event permit)."""

from app.contracts.cases import CaseDefinition, DocumentSpec, Transition
from app.sdk import CatalogEntry, DataUse, ServiceModule

PURPOSE = "permit_application"
STAFF = ("officer", "agency_admin")

BILLBOARD_FORM = {
    "type": "object",
    "required": ["nama_usaha", "lokasi", "jenis_reklame", "lebar_m", "tinggi_m", "lama_bulan"],
    "additionalProperties": False,
    "properties": {
        "full_name": {"type": "string", "maxLength": 120},
        "phone": {"type": "string", "maxLength": 20},
        "nama_usaha": {"type": "string", "minLength": 2, "maxLength": 120},
        "lokasi": {"type": "string", "minLength": 5, "maxLength": 300},
        "jenis_reklame": {"enum": ["papan", "baliho", "neon_box", "spanduk"]},
        "lebar_m": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
        "tinggi_m": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
        "lama_bulan": {"type": "integer", "minimum": 1, "maximum": 12},
    },
}

EVENT_FORM = {
    "type": "object",
    "required": ["nama_kegiatan", "tempat", "tanggal", "perkiraan_peserta"],
    "additionalProperties": False,
    "properties": {
        "full_name": {"type": "string", "maxLength": 120},
        "phone": {"type": "string", "maxLength": 20},
        "nama_kegiatan": {"type": "string", "minLength": 3, "maxLength": 120},
        "tempat": {"type": "string", "minLength": 5, "maxLength": 300},
        "tanggal": {"type": "string", "format": "date"},
        "perkiraan_peserta": {"type": "integer", "minimum": 1, "maximum": 100000},
    },
}

module = ServiceModule(
    slug="perizinan",
    title={"id": "Perizinan Terpadu Kota Ternate", "en": "Ternate One-Stop Permits"},
    agency="dpmptsp-8271",
    version="1.0.0",
    catalog=(
        CatalogEntry(
            code="izin-reklame",
            title={"id": "Izin Reklame", "en": "Billboard Permit"},
            summary={"id": "Izin memasang papan reklame, baliho atau neon box di Kota Ternate.",
                     "en": "Permit to put up a billboard, banner or neon box in Ternate."},
            category="perizinan",
            keywords={"id": "reklame iklan baliho papan", "en": "billboard advertising banner sign"},
            regions=("82.71",),
            deep_link="satupintu://cases/new?module=perizinan&service=izin-reklame",
            icon="perizinan",
            case=CaseDefinition(
                form=BILLBOARD_FORM, fee=150_000, sla_days=5,
                document=DocumentSpec(
                    type="izin_reklame", valid_days=365,
                    title={"id": "Izin Reklame", "en": "Billboard Permit"},
                    fields=("nama_usaha", "lokasi", "jenis_reklame", "lebar_m", "tinggi_m", "lama_bulan")),
                # a billboard is inspected on site before the decision
                states={"site_inspection": {"id": "Peninjauan lapangan", "en": "Site inspection"}},
                transitions=(Transition("in_review", "site_inspection", STAFF),
                             Transition("site_inspection", "approved", STAFF),
                             Transition("site_inspection", "needs_correction", STAFF),
                             Transition("site_inspection", "rejected", STAFF),
                             Transition("site_inspection", "withdrawn", ("citizen",))),
                prefill=("full_name", "phone"), purpose=PURPOSE,
            ),
        ),
        CatalogEntry(
            code="izin-keramaian",
            title={"id": "Izin Keramaian", "en": "Public Event Permit"},
            summary={"id": "Izin menyelenggarakan acara yang mengundang keramaian di Kota Ternate.",
                     "en": "Permit to hold a public event in Ternate."},
            category="perizinan",
            keywords={"id": "acara pesta konser keramaian", "en": "event party concert crowd"},
            regions=("82.71",),
            deep_link="satupintu://cases/new?module=perizinan&service=izin-keramaian",
            icon="perizinan",
            case=CaseDefinition(
                form=EVENT_FORM, fee=0, sla_days=3,
                document=DocumentSpec(type="izin_keramaian", valid_days=30,
                                      title={"id": "Izin Keramaian", "en": "Public Event Permit"}),
                prefill=("full_name", "phone"), purpose=PURPOSE,
            ),
        ),
    ),
    data_uses=(
        DataUse(purpose=PURPOSE, items=("profile:full_name", "profile:phone"), description={
            "id": "Mengisi nama dan nomor telepon pemohon pada formulir izin.",
            "en": "Fill in the applicant's name and phone number on permit forms."}),
    ),
)
