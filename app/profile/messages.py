"""Texts of the profile API, in every platform locale."""

from app import i18n

i18n.register({
    "profile.error.required": {"id": "Isian ini tidak boleh dikosongkan.",
                               "en": "This field cannot be cleared."},
    "profile.error.nothing_to_change": {"id": "Kirim paling sedikit satu isian.",
                                        "en": "Send at least one field."},
    "profile.error.date_range": {"id": "Tanggal harus antara tahun 1900 dan hari ini.",
                                 "en": "The date must lie between 1900 and today."},
    "profile.error.region_code": {"id": "Kode wilayah tidak sesuai format Kemendagri.",
                                  "en": "The region code does not have the Kemendagri format."},
    "profile.error.region_nesting": {"id": "Kode wilayah tidak berada di dalam wilayah induknya.",
                                     "en": "The region code does not lie within its parent region."},
    "profile.error.region_unknown": {"id": "Provinsi tidak dikenal.", "en": "Unknown province."},
    "profile.error.rt_rw": {"id": "RT/RW terdiri dari 3 angka, misalnya 004.",
                            "en": "RT/RW are 3 digits, e.g. 004."},
    "profile.error.postal_code": {"id": "Kode pos terdiri dari 5 angka.",
                                  "en": "A postal code has 5 digits."},
    "profile.error.kk_format": {"id": "Nomor KK terdiri dari 16 angka.",
                                "en": "A family card (KK) number has 16 digits."},
    "profile.error.kk_region": {"id": "Kode wilayah pada nomor KK tidak valid.",
                                "en": "The region code in the KK number is not valid."},
    "profile.error.kk_date": {"id": "Tanggal terbit pada nomor KK tidak valid.",
                              "en": "The issue date in the KK number is not valid."},
    "profile.error.phone": {"id": "Nomor ponsel Indonesia tidak valid.",
                            "en": "Not a valid Indonesian phone number."},
    "profile.error.email": {"id": "Alamat surel tidak valid.", "en": "Not a valid email address."},
    "profile.error.household_account": {"id": "Akun anggota keluarga yang ditautkan tidak ditemukan.",
                                        "en": "A linked household member's account was not found."},
})
