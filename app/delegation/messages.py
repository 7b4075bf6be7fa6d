"""Texts of delegation, in every platform locale."""

from app import i18n

# (title id, title en, detail id, detail en)
PROBLEMS = {
    "delegation-inactive": ("Kuasa tidak berlaku", "Delegation not in effect",
                            "Kuasa ini sudah dicabut, kedaluwarsa, atau belum diterima.",
                            "This delegation was revoked, has expired, or has not been accepted."),
    "delegation-out-of-scope": ("Di luar cakupan kuasa", "Outside the delegation",
                                "Kuasa ini tidak mencakup layanan tersebut.",
                                "This delegation does not cover that service."),
    "delegation-not-eligible": ("Tidak dapat mewakili", "Cannot act for this person",
                                "Hanya orang tua yang dapat mewakili anaknya yang berusia di bawah 17 tahun "
                                "dalam Kartu Keluarga yang sama.",
                                "Only a parent may act for their child under 17 "
                                "in the same family card (KK)."),
    "delegation-read-only": ("Hanya dapat melihat", "Read only",
                             "Sebagai wakil Anda dapat melihat data ini, tetapi mengubah atau "
                             "membagikannya hanya dapat dilakukan oleh pemiliknya sendiri.",
                             "As a representative you may see these data; changing or sharing them "
                             "is for their owner alone."),
    "delegation-not-pending": ("Kuasa tidak menunggu persetujuan", "Delegation not pending",
                               "Kuasa ini sudah diterima, dicabut, atau kedaluwarsa.",
                               "This delegation was already accepted, or was revoked, or has expired."),
}

i18n.register({
    f"problem.{code}.{part}": {"id": id_text, "en": en_text}
    for code, (id_title, en_title, id_detail, en_detail) in PROBLEMS.items()
    for part, id_text, en_text in (("title", id_title, en_title), ("detail", id_detail, en_detail))
})
i18n.register({
    "delegation.error.unknown_module": {"id": "Layanan ini tidak dikenal.", "en": "Unknown service module."},
    "delegation.error.past": {"id": "Tanggal harus di masa depan.", "en": "The date must be in the future."},
    "delegation.error.representative": {
        "id": "Penerima kuasa harus akun warga aktif lain.",
        "en": "The representative must be another active citizen account."},
})
