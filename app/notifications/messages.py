"""Texts of the notifications capability, in every platform locale."""

from app import i18n

i18n.register({
    "notifications.email.open": {"id": "Buka: {link}", "en": "Open: {link}"},
    "notifications.email.footer": {
        "id": "Anda menerima email ini karena notifikasi email SatuPintu Anda aktif. "
              "Atur notifikasi di aplikasi SatuPintu, menu Notifikasi > Preferensi.",
        "en": "You receive this email because your SatuPintu email notifications are on. "
              "Change them in the SatuPintu app under Notifications > Preferences."},
    "notifications.error.inbox_always_on": {
        "id": "Kotak masuk notifikasi tidak dapat dimatikan.",
        "en": "The notification inbox cannot be switched off."},
    "notifications.category.cases": {"id": "Permohonan", "en": "Applications"},
    "notifications.category.payments": {"id": "Pembayaran", "en": "Payments"},
    "notifications.category.documents": {"id": "Dokumen", "en": "Documents"},
    "notifications.category.security": {"id": "Keamanan akun", "en": "Account security"},
    "notifications.category.announcements": {"id": "Pengumuman", "en": "Announcements"},
})
