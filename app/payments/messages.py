"""Texts of payments (API problems, notifications, the simulated gateway's page), in every locale."""

from app import i18n

_PROBLEMS = {
    "idempotency-key-missing": (
        "Idempotency-Key diperlukan", "Idempotency-Key required",
        "Kirim header Idempotency-Key yang unik untuk setiap pembayaran.",
        "Send a unique Idempotency-Key header with every payment request."),
    "idempotency-key-invalid": (
        "Idempotency-Key tidak valid", "Invalid Idempotency-Key",
        "Idempotency-Key harus 1 sampai 255 karakter yang terlihat.",
        "The Idempotency-Key must be 1 to 255 visible characters."),
    "idempotency-key-reused": (
        "Idempotency-Key sudah dipakai", "Idempotency-Key reused",
        "Kunci ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan baru.",
        "This key was used for a different request. Use a new key for a new request."),
    "idempotency-key-in-progress": (
        "Permintaan masih diproses", "Request still in progress",
        "Permintaan pertama dengan kunci ini masih diproses. Coba lagi sebentar lagi.",
        "The first request with this key is still being processed. Try again shortly."),
    "invoice-not-payable": (
        "Tagihan tidak dapat dibayar", "Invoice cannot be paid",
        "Tagihan ini berstatus {status}.", "This invoice is {status}."),
    "invoice-not-refundable": (
        "Tagihan tidak dapat dikembalikan dananya", "Invoice cannot be refunded",
        "Hanya tagihan yang lunas yang dapat dikembalikan dananya; tagihan ini berstatus {status}.",
        "Only a paid invoice can be refunded; this one is {status}."),
    "payment-in-progress": (
        "Pembayaran sedang berlangsung", "Payment in progress",
        "Tagihan ini sudah memiliki pembayaran yang belum selesai. "
        "Selesaikan atau tunggu hingga kedaluwarsa.",
        "This invoice already has a payment in progress. Complete it or wait until it expires."),
    "gateway-unavailable": (
        "Gerbang pembayaran tidak tersedia", "Payment gateway unavailable",
        "Gerbang pembayaran tidak menjawab. Coba lagi nanti.",
        "The payment gateway did not answer. Try again later."),
    "callback-signature-invalid": (
        "Tanda tangan tidak valid", "Invalid signature",
        "Tanda tangan atau stempel waktu notifikasi tidak valid.",
        "The notification's signature or timestamp is not valid."),
    "callback-refused": (
        "Notifikasi ditolak", "Notification refused",
        "Jumlah atau mata uang tidak sesuai dengan tagihan; petugas akan memeriksanya.",
        "The amount or currency does not match the invoice; an officer will review it."),
}

TEXTS = {}
for code, (title_id, title_en, detail_id, detail_en) in _PROBLEMS.items():
    TEXTS[f"problem.{code}.title"] = {"id": title_id, "en": title_en}
    TEXTS[f"problem.{code}.detail"] = {"id": detail_id, "en": detail_en}

TEXTS.update({
    "payments.error.unknown_gateway": {"id": "Gerbang pembayaran ini tidak tersedia.",
                                       "en": "This payment gateway is not available."},
    "payment.paid.title": {"id": "Pembayaran diterima", "en": "Payment received"},
    "payment.paid.body": {
        "id": "Pembayaran {amount} untuk tagihan {number} telah diterima. "
              "Kuitansi ada di dompet dokumen Anda.",
        "en": "Your payment of {amount} for invoice {number} was received. The receipt is in your wallet."},
    "payment.refunded.title": {"id": "Dana dikembalikan", "en": "Payment refunded"},
    "payment.refunded.body": {"id": "Pembayaran {amount} untuk tagihan {number} telah dikembalikan.",
                              "en": "Your payment of {amount} for invoice {number} was refunded."},
    "payment.receipt.note": {"id": "Kuitansi ini diterbitkan secara elektronik oleh SatuPintu.",
                             "en": "This receipt was issued electronically by SatuPintu."},
    "payment.method.va_bca": {"id": "Virtual account BCA", "en": "BCA virtual account"},
    "payment.method.va_bni": {"id": "Virtual account BNI", "en": "BNI virtual account"},
    "payment.method.va_bri": {"id": "Virtual account BRI", "en": "BRI virtual account"},
    "payment.method.va_mandiri": {"id": "Virtual account Mandiri", "en": "Mandiri virtual account"},
    "payment.method.qris": {"id": "QRIS", "en": "QRIS"},
    "payment.sim.service": {"id": "Gerbang Pembayaran Simulasi", "en": "Simulated Payment Gateway"},
    "payment.sim.banner": {"id": "Simulasi: tidak ada uang sungguhan yang berpindah.",
                           "en": "Simulation: no real money moves."},
    "payment.sim.title": {"id": "Bayar tagihan", "en": "Pay the bill"},
    "payment.sim.order": {"id": "Nomor transaksi", "en": "Order number"},
    "payment.sim.method": {"id": "Metode", "en": "Method"},
    "payment.sim.amount": {"id": "Jumlah", "en": "Amount"},
    "payment.sim.expires": {"id": "Berlaku sampai", "en": "Valid until"},
    "payment.sim.pay": {"id": "Bayar", "en": "Pay"},
    "payment.sim.fail": {"id": "Gagalkan", "en": "Fail"},
    "payment.sim.form_expired": {"id": "Formulir kedaluwarsa. Muat ulang halaman dan coba lagi.",
                                 "en": "The form has expired. Reload the page and try again."},
    "payment.sim.back": {"id": "Anda dapat menutup halaman ini dan kembali ke aplikasi SatuPintu.",
                         "en": "You can close this page and return to the SatuPintu app."},
    "payment.sim.status.settlement": {"id": "Pembayaran berhasil.", "en": "Payment successful."},
    "payment.sim.status.failure": {"id": "Pembayaran gagal.", "en": "Payment failed."},
    "payment.sim.status.expire": {"id": "Waktu pembayaran habis.", "en": "The payment has expired."},
    "payment.sim.status.refund": {"id": "Dana telah dikembalikan.", "en": "The payment was refunded."},
    "payment.sim.missing.title": {"id": "Pembayaran tidak ditemukan", "en": "Payment not found"},
    "payment.sim.missing.detail": {"id": "Tautan pembayaran ini tidak dikenal.",
                                   "en": "This payment link is not known."},
})

i18n.register(TEXTS)
