"""Texts of consent and data sharing, in every platform locale."""

from app import i18n

# (title id, title en, detail id, detail en)
PROBLEMS = {
    "consent-refused": ("Persetujuan diperlukan", "Consent required",
                        "Warga belum memberi persetujuan (atau sudah menariknya) untuk penggunaan data ini.",
                        "The citizen has not consented to this use of their data, or withdrew consent."),
    "consent-request-closed": ("Permintaan sudah ditutup", "Request closed",
                               "Permintaan ini sudah dijawab atau sudah kedaluwarsa.",
                               "This request was already answered or has expired."),
}

LAWFUL_BASIS_TEXTS = {
    "consent": ("Persetujuan Anda", "Your consent"),
    "contract": ("Pelaksanaan perjanjian dengan Anda", "Performing an agreement with you"),
    "legal_duty": ("Kewajiban hukum instansi", "The agency's legal duty"),
    "vital_interest": ("Perlindungan kepentingan vital Anda", "Protecting your vital interests"),
    "public_task": ("Pelaksanaan tugas pelayanan publik", "Performing a public service task"),
    "legitimate_interest": ("Kepentingan yang sah", "Legitimate interest"),
    "none": ("Tidak ada dasar: akses ditolak", "No basis: access refused"),
}

i18n.register({
    f"problem.{code}.{part}": {"id": id_text, "en": en_text}
    for code, (id_title, en_title, id_detail, en_detail) in PROBLEMS.items()
    for part, id_text, en_text in (("title", id_title, en_title), ("detail", id_detail, en_detail))
})
i18n.register({f"consent.basis.{code}": {"id": id_text, "en": en_text}
               for code, (id_text, en_text) in LAWFUL_BASIS_TEXTS.items()})
i18n.register({
    "consent.export.account": {"id": "Akun", "en": "Account"},
    "consent.unknown_module": {"id": "Layanan yang sudah tidak terpasang ({slug})",
                               "en": "A service no longer installed ({slug})"},
})
i18n.register({
    "consent.actor.officer": {"id": "Petugas instansi", "en": "An agency officer"},
    "consent.actor.system": {"id": "Sistem layanan (otomatis)", "en": "The service's system (automatic)"},
    "consent.actor.representative": {"id": "Wakil Anda (dengan kuasa)",
                                     "en": "Your representative (under a delegation)"},
    "consent.actor.citizen": {"id": "Anda sendiri", "en": "You"},
})
i18n.register({  # reads of the citizen's own capabilities by their representative (consent.delegated)
    "consent.capability.profile": {"id": "Profil Anda", "en": "Your profile"},
    "consent.capability.documents": {"id": "Dompet dokumen Anda", "en": "Your documents wallet"},
    "consent.platform_agency": {"id": "SatuPintu", "en": "SatuPintu"},
    "consent.purpose.delegation": {"id": "Bertindak atas nama Anda", "en": "Acting on your behalf"},
    "consent.basis.delegation": {"id": "Kuasa yang Anda berikan", "en": "The delegation you gave"},
})
