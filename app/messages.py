"""Platform texts shown to API users (problem titles and details, validation messages)."""

from app import i18n

PROBLEMS = {
    "bad-request": ("Permintaan tidak valid", "Bad request",
                    "Permintaan tidak dapat diproses.", "The request could not be understood."),
    "malformed-json": ("JSON tidak valid", "Malformed JSON",
                       "Isi permintaan bukan JSON yang valid.", "The request body is not valid JSON."),
    "unauthorized": ("Perlu autentikasi", "Authentication required",
                     "Sertakan token akses yang valid.", "Send a valid access token."),
    "forbidden": ("Akses ditolak", "Forbidden",
                  "Anda tidak berhak melakukan tindakan ini.", "You may not do this."),
    "not-found": ("Tidak ditemukan", "Not found",
                  "Sumber yang diminta tidak ada.", "The requested resource does not exist."),
    "method-not-allowed": ("Metode tidak diizinkan", "Method not allowed",
                           "Metode HTTP ini tidak didukung untuk alamat ini.",
                           "This HTTP method is not supported for this URL."),
    "not-acceptable": ("Format tidak tersedia", "Not acceptable",
                       "Format jawaban yang diminta tidak tersedia.",
                       "The requested response format is not available."),
    "request-timeout": ("Waktu habis", "Request timeout",
                        "Permintaan tidak selesai dikirim tepat waktu.",
                        "The request was not completed in time."),
    "gone": ("Sudah tidak tersedia", "Gone",
             "Sumber ini sudah dihapus secara permanen.", "This resource was removed for good."),
    "range-not-satisfiable": ("Rentang tidak valid", "Range not satisfiable",
                              "Rentang yang diminta di luar isi.",
                              "The requested range is outside the content."),
    "not-implemented": ("Belum didukung", "Not implemented",
                        "Fitur ini tidak didukung oleh server.",
                        "The server does not support this feature."),
    "conflict": ("Konflik", "Conflict",
                 "Permintaan bertentangan dengan keadaan saat ini.",
                 "The request conflicts with the current state."),
    "precondition-failed": ("Prasyarat gagal", "Precondition failed",
                            "Data telah berubah sejak Anda membacanya.",
                            "The resource changed since you read it."),
    "payload-too-large": ("Isi terlalu besar", "Payload too large",
                          "Isi permintaan melebihi batas {limit} bita.",
                          "The request body exceeds the limit of {limit} bytes."),
    "unsupported-media-type": ("Jenis isi tidak didukung", "Unsupported media type",
                               "Kirim isi dengan Content-Type {expected}.",
                               "Send the body with Content-Type {expected}."),
    "invalid-fields": ("Data tidak valid", "Invalid fields",
                       "Periksa kembali isian yang ditandai.", "Check the fields listed in errors."),
    "precondition-required": ("Perlu prasyarat", "Precondition required",
                              "Sertakan header If-Match.", "Send an If-Match header."),
    "too-many-requests": ("Terlalu banyak permintaan", "Too many requests",
                          "Coba lagi nanti.", "Try again later."),
    "internal-error": ("Kesalahan server", "Internal server error",
                       "Terjadi kesalahan pada server. Sebutkan kode permintaan bila melapor.",
                       "Something went wrong on our side. Quote the request id if you report it."),
    "unavailable": ("Layanan tidak tersedia", "Service unavailable",
                    "Layanan sedang tidak tersedia. Coba lagi sebentar lagi.",
                    "The service is temporarily unavailable. Try again shortly."),
    "service-disabled": ("Layanan dinonaktifkan", "Service disabled",
                         "Layanan ini sedang dinonaktifkan.", "This service is currently disabled."),
    "not-a-citizen": ("Perlu akun warga", "Citizen account required",
                      "Hanya token akses milik seorang warga yang dapat memakai alamat ini.",
                      "Only an access token of a signed-in person can use this address."),
}

i18n.register(
    {
        f"problem.{code}.{part}": {"id": id_text, "en": en_text}
        for code, (id_title, en_title, id_detail, en_detail) in PROBLEMS.items()
        for part, id_text, en_text in (("title", id_title, en_title), ("detail", id_detail, en_detail))
    }
)

i18n.register(
    {
        "field.unknown": {"id": "Isian tidak dikenal.", "en": "Unknown field."},
        "field.nul_character": {
            "id": "Teks tidak boleh berisi karakter NUL.",
            "en": "Text must not contain NUL characters.",
        },
        "field.lone_surrogate": {
            "id": "Teks berisi karakter yang tidak sah (surrogate Unicode tanpa pasangannya).",
            "en": "Text contains an invalid character (a Unicode surrogate without its pair).",
        },
    }
)
