"""Public announcements from agencies (schedules, closures, new services), by region."""

from app.sdk import CatalogEntry, ServiceModule

module = ServiceModule(
    slug="pengumuman",
    title={"id": "Pengumuman Instansi", "en": "Agency Announcements"},
    agency="kemendagri",
    version="1.0.0",
    blueprints=lambda: (__import__("services.pengumuman.api", fromlist=["blp"]).blp,),
    models="services.pengumuman.models",
    migrations="migrations",
    catalog=(
        CatalogEntry(
            code="announcements",
            title={"id": "Pengumuman layanan publik", "en": "Public service announcements"},
            summary={
                "id": "Jadwal, penutupan kantor dan layanan baru dari instansi di daerah Anda.",
                "en": "Schedules, office closures and new services from agencies in your area.",
            },
            category="informasi",
            keywords={"id": "berita info jadwal libur", "en": "news info schedule holiday"},
            deep_link="satupintu://pengumuman",
            icon="info",
        ),
    ),
    demo="services.pengumuman.demo:load",
)
