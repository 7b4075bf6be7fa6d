"""Texts of the account pages and API, in every platform locale."""

from app import i18n

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
