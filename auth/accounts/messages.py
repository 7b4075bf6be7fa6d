"""Texts of the account pages and API, in every platform locale."""

from app import i18n

# Problem codes of the account API: (title id, title en, detail id, detail en).
PROBLEMS = {
    "invalid-code": ("Kode tidak valid", "Invalid code",
                     "Kode salah, sudah dipakai, atau kedaluwarsa. Minta kode baru bila perlu.",
                     "The code is wrong, used or expired. Ask for a new one if needed."),
    "delivery-failed": ("Pengiriman gagal", "Delivery failed",
                        "Kode tidak dapat dikirim saat ini. Coba lagi sebentar lagi.",
                        "The code could not be sent right now. Try again shortly."),
    "reauthentication-failed": ("Verifikasi ulang gagal", "Re-authentication failed",
                                "Kata sandi atau kode autentikator salah.",
                                "The password or authenticator code is wrong."),
    "mfa-already-enabled": ("MFA sudah aktif", "MFA already enabled",
                            "Autentikasi dua langkah sudah aktif untuk akun ini.",
                            "Two-step verification is already on for this account."),
    "mfa-not-pending": ("Belum ada pendaftaran MFA", "No MFA enrolment pending",
                        "Mulai pendaftaran aplikasi autentikator terlebih dahulu.",
                        "Start the authenticator app enrolment first."),
    "mfa-not-enabled": ("MFA belum aktif", "MFA not enabled",
                        "Autentikasi dua langkah belum aktif untuk akun ini.",
                        "Two-step verification is not on for this account."),
    "mfa-required": ("MFA wajib", "MFA required",
                     "Akun petugas wajib memakai autentikasi dua langkah.",
                     "Staff accounts must keep two-step verification on."),
    "identity-not-confirmed": ("Identitas belum terkonfirmasi", "Identity not confirmed",
                               "Data NIK, nama, dan tanggal lahir tidak cocok dengan data kependudukan.",
                               "The NIK, name and birth date do not match the population registry."),
    "name-locked": ("Nama terkunci", "Name locked",
                    "Nama yang sudah terverifikasi dengan data kependudukan tidak dapat diubah di sini.",
                    "A name confirmed by the population registry cannot be changed here."),
    "cannot-suspend-self": ("Tidak dapat menangguhkan diri sendiri", "Cannot suspend yourself",
                            "Anda tidak dapat menangguhkan akun Anda sendiri.",
                            "You cannot suspend your own account."),
}

i18n.register({
    f"problem.{code}.{part}": {"id": id_text, "en": en_text}
    for code, (id_title, en_title, id_detail, en_detail) in PROBLEMS.items()
    for part, id_text, en_text in (("title", id_title, en_title), ("detail", id_detail, en_detail))
})

# Per-field messages (422 `errors`).
i18n.register({
    "nik.format": {"id": "NIK harus 16 digit angka yang valid.", "en": "The NIK must be 16 valid digits."},
    "nik.region": {"id": "Kode wilayah pada NIK tidak dikenal.",
                   "en": "The region code in the NIK is not known."},
    "nik.birth_date": {"id": "Tanggal lahir pada NIK tidak valid.",
                       "en": "The birth date in the NIK is not valid."},
    "nik.birth_date_mismatch": {"id": "Tanggal lahir tidak sesuai dengan NIK.",
                                "en": "The birth date does not match the NIK."},
    "nik.taken": {"id": "NIK ini sudah terdaftar. Masuk atau atur ulang kata sandi.",
                  "en": "This NIK is already registered. Sign in or reset the password."},
    "phone.invalid": {"id": "Nomor ponsel Indonesia tidak valid.",
                      "en": "Not a valid Indonesian phone number."},
    "phone.taken": {"id": "Nomor ponsel ini sudah dipakai akun lain.",
                    "en": "This phone number belongs to another account."},
    "email.invalid": {"id": "Alamat email tidak valid.", "en": "Not a valid email address."},
    "email.taken": {"id": "Email ini sudah dipakai akun lain.",
                    "en": "This email belongs to another account."},
    "contact.required": {"id": "Isi nomor ponsel atau email.", "en": "Give a phone number or an email."},
    "agency.unknown": {"id": "Instansi tidak dikenal.", "en": "Unknown agency."},
})

i18n.register({
    "accounts.login.invalid_credentials": {
        "id": "NIK, nomor ponsel, email, atau kata sandi salah.",
        "en": "The NIK, phone number, email or password is wrong.",
    },
    "accounts.login.backoff": {
        "id": "Terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik.",
        "en": "Too many failed attempts. Try again in {seconds} seconds.",
    },
    "accounts.login.locked_out": {
        "id": "Akun dikunci setelah terlalu banyak percobaan gagal. Atur ulang kata sandi untuk membukanya.",
        "en": "The account is locked after too many failed attempts. Reset the password to unlock it.",
    },
    "accounts.login.suspended": {
        "id": "Akun ini ditangguhkan. Hubungi layanan bantuan.",
        "en": "This account is suspended. Contact the help desk.",
    },
    "password.too_short": {
        "id": "Kata sandi minimal 8 karakter.", "en": "The password must have at least 8 characters.",
    },
    "password.too_long": {
        "id": "Kata sandi terlalu panjang.", "en": "The password is too long.",
    },
    "password.common": {
        "id": "Kata sandi ini terlalu umum atau pernah bocor. Pilih yang lain.",
        "en": "This password is too common or has been leaked. Choose another.",
    },
    "password.personal": {
        "id": "Kata sandi tidak boleh memuat NIK, nomor ponsel, atau email Anda.",
        "en": "The password must not contain your NIK, phone number or email.",
    },
})

i18n.register({
    "accounts.otp.subject": {"id": "Kode SatuPintu untuk {action}", "en": "SatuPintu code to {action}"},
    "accounts.otp.body": {
        "id": "{code} adalah kode SatuPintu Anda untuk {action}. Berlaku {minutes} menit. "
              "Jangan berikan kode ini kepada siapa pun, termasuk petugas.",
        "en": "{code} is your SatuPintu code to {action}. It is valid for {minutes} minutes. "
              "Never share it with anyone, staff included.",
    },
    "accounts.otp.purpose.verify_phone": {"id": "verifikasi nomor ponsel", "en": "verify your phone number"},
    "accounts.otp.purpose.verify_email": {"id": "verifikasi email", "en": "verify your email"},
    "accounts.otp.purpose.reset_password": {"id": "atur ulang kata sandi", "en": "reset your password"},
    "accounts.otp.purpose.change_phone": {"id": "mengganti nomor ponsel", "en": "change your phone number"},
    "accounts.otp.purpose.change_email": {"id": "mengganti email", "en": "change your email"},
})
