"""Texts of the sign-in pages and the consent screen, in every platform locale."""

from app import i18n

SCOPES = {
    "openid": ("Mengetahui identitas SatuPintu Anda", "Know your SatuPintu identity"),
    "profile": ("Nama, tanggal lahir, jenis kelamin dan tingkat verifikasi identitas",
                "Name, date of birth, sex and identity assurance level"),
    "email": ("Alamat email Anda", "Your email address"),
    "phone": ("Nomor ponsel Anda", "Your phone number"),
    "address": ("Alamat Anda", "Your address"),
    "offline_access": ("Tetap terhubung saat Anda tidak sedang memakai aplikasi",
                       "Stay connected while you are not using the app"),
    "nik": ("Nomor Induk Kependudukan (NIK) Anda", "Your national identity number (NIK)"),
}

PAGES = {
    "oidc.page.service": ("SatuPintu", "SatuPintu"),
    "oidc.page.login.title": ("Masuk ke SatuPintu", "Sign in to SatuPintu"),
    "oidc.page.login.for_client": ("untuk melanjutkan ke {client}", "to continue to {client}"),
    "oidc.page.login.identifier": ("NIK, nomor ponsel, atau email", "NIK, phone number or email"),
    "oidc.page.login.password": ("Kata sandi", "Password"),
    "oidc.page.login.submit": ("Masuk", "Sign in"),
    "oidc.page.mfa.title": ("Verifikasi dua langkah", "Two-step verification"),
    "oidc.page.mfa.help": ("Masukkan kode 6 angka dari aplikasi autentikator Anda, atau salah satu "
                           "kode pemulihan.",
                           "Enter the 6-digit code from your authenticator app, or one of your "
                           "recovery codes."),
    "oidc.page.mfa.code": ("Kode verifikasi", "Verification code"),
    "oidc.page.mfa.submit": ("Verifikasi", "Verify"),
    "oidc.page.mfa.invalid": ("Kode salah atau sudah dipakai. Coba lagi.",
                              "The code is wrong or has already been used. Try again."),
    "oidc.page.consent.title": ("Izinkan akses?", "Allow access?"),
    "oidc.page.consent.intro": ("{client} meminta izin untuk:", "{client} asks permission to:"),
    "oidc.page.consent.signed_in_as": ("Masuk sebagai {name}", "Signed in as {name}"),
    "oidc.page.consent.remember": ("Anda dapat mencabut izin ini kapan saja di pengaturan akun.",
                                   "You can withdraw this permission at any time in your account "
                                   "settings."),
    "oidc.page.consent.approve": ("Izinkan", "Allow"),
    "oidc.page.consent.deny": ("Tolak", "Deny"),
    "oidc.page.error.title": ("Permintaan tidak dapat diproses", "The request cannot be processed"),
    "oidc.page.error.detail": ("Aplikasi yang membawa Anda ke sini mengirim permintaan masuk yang tidak "
                               "valid. Tutup halaman ini dan coba lagi dari aplikasi tersebut.",
                               "The app that sent you here made an invalid sign-in request. Close "
                               "this page and try again from that app."),
    "oidc.page.error.expired": ("Waktu masuk telah habis. Kembali ke aplikasi dan coba lagi.",
                                "The sign-in took too long. Go back to the app and try again."),
    "oidc.page.error.too_many": ("Terlalu banyak percobaan dari jaringan Anda. Tunggu sebentar, lalu coba "
                                 "lagi.",
                                 "Too many attempts from your network. Wait a moment, then try again."),
    "oidc.page.error.code": ("Kode kesalahan", "Error code"),
    "oidc.page.error.request": ("Nomor permintaan (sebutkan bila menghubungi layanan bantuan)",
                                "Request number (quote it when you contact the help desk)"),
    "oidc.page.logout.title": ("Keluar dari SatuPintu?", "Sign out of SatuPintu?"),
    "oidc.page.logout.help": ("Anda akan keluar dari semua aplikasi yang memakai sesi SatuPintu ini "
                              "di peramban ini.",
                              "You will be signed out of every app using this SatuPintu session in "
                              "this browser."),
    "oidc.page.logout.submit": ("Keluar", "Sign out"),
    "oidc.page.logged_out.title": ("Anda telah keluar", "You are signed out"),
    "oidc.page.logged_out.detail": ("Sesi SatuPintu Anda di peramban ini telah diakhiri. Anda dapat "
                                    "menutup halaman ini.",
                                    "Your SatuPintu session in this browser has ended. You can close "
                                    "this page."),
    "oidc.page.form.required": ("Isian ini wajib diisi.", "This field is required."),
    "oidc.page.form.expired": ("Formulir kedaluwarsa. Silakan kirim ulang.",
                               "The form has expired. Please submit it again."),
    "oidc.page.errors_heading": ("Ada masalah", "There is a problem"),
    "oidc.page.language": ("Bahasa", "Language"),
}

i18n.register({f"oidc.scope.{name}": {"id": id_text, "en": en_text}
               for name, (id_text, en_text) in SCOPES.items()})
i18n.register({key: {"id": id_text, "en": en_text} for key, (id_text, en_text) in PAGES.items()})

CLIENT_RULES = {
    "auth_method": ("Metode autentikasi {method} tidak diizinkan untuk jenis klien ini.",
                    "The authentication method {method} is not allowed for this kind of client."),
    "jwks_required": ("private_key_jwt memerlukan kunci publik klien (jwks).",
                      "private_key_jwt needs the client's public keys (jwks)."),
    "unknown_grant_type": ("Jenis grant {grant_type} tidak dikenal.", "Unknown grant type {grant_type}."),
    "public_client_credentials": ("Klien publik tidak boleh memakai client_credentials.",
                                  "A public client cannot use client_credentials."),
    "redirect_required": ("authorization_code memerlukan paling sedikit satu redirect URI.",
                          "authorization_code needs at least one redirect URI."),
    "redirect_absolute": ("{uri} harus URI absolut tanpa fragmen.",
                          "{uri} must be an absolute URI without a fragment."),
    "redirect_http": ("{uri}: http hanya boleh untuk alamat loopback.",
                      "{uri}: http is allowed for loopback addresses only."),
    "redirect_scheme": ("{uri}: gunakan https, http loopback, atau skema domain terbalik (aplikasi native).",
                        "{uri}: use https, loopback http or a reverse-domain scheme (native apps)."),
    "unknown_scopes": ("Scope tidak dikenal: {scopes}.", "Unknown scopes: {scopes}."),
    "id_token_alg": ("Algoritme ID token harus RS256 atau ES256.",
                     "The ID token algorithm must be RS256 or ES256."),
    "no_secret": ("Klien ini tidak memakai client secret.", "This client does not use a client secret."),
    "client_id_uuid": ("client_id tidak boleh berbentuk UUID (bentuk itu khusus untuk warga).",
                       "A client_id cannot be shaped like a UUID (that shape is reserved for citizens)."),
}

i18n.register({f"oidc.client.{code}": {"id": id_text, "en": en_text}
               for code, (id_text, en_text) in CLIENT_RULES.items()})
