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

_TEXTS = {
    "payments.error.unknown_gateway": ("Gerbang pembayaran ini tidak tersedia.",
                                       "This payment gateway is not available."),
    "payment.paid.title": ("Pembayaran diterima", "Payment received"),
    "payment.paid.body": (
        "Pembayaran {amount} untuk tagihan {number} telah diterima. Kuitansi ada di dompet dokumen Anda.",
        "Your payment of {amount} for invoice {number} was received. The receipt is in your wallet."),
    "payment.refunded.title": ("Dana dikembalikan", "Payment refunded"),
    "payment.refunded.body": ("Pembayaran {amount} untuk tagihan {number} telah dikembalikan.",
                              "Your payment of {amount} for invoice {number} was refunded."),
    "payment.receipt.note": ("Kuitansi ini diterbitkan secara elektronik oleh SatuPintu.",
                             "This receipt was issued electronically by SatuPintu."),
    "payment.method.va_bca": ("Virtual account BCA", "BCA virtual account"),
    "payment.method.va_bni": ("Virtual account BNI", "BNI virtual account"),
    "payment.method.va_bri": ("Virtual account BRI", "BRI virtual account"),
    "payment.method.va_mandiri": ("Virtual account Mandiri", "Mandiri virtual account"),
    "payment.method.qris": ("QRIS", "QRIS"),
    "payment.sim.service": ("Gerbang Pembayaran Simulasi", "Simulated Payment Gateway"),
    "payment.sim.banner": ("Simulasi: tidak ada uang sungguhan yang berpindah.",
                           "Simulation: no real money moves."),
    "payment.sim.title": ("Bayar tagihan", "Pay the bill"),
    "payment.sim.order": ("Nomor transaksi", "Order number"),
    "payment.sim.method": ("Metode", "Method"),
    "payment.sim.amount": ("Jumlah", "Amount"),
    "payment.sim.expires": ("Berlaku sampai", "Valid until"),
    "payment.sim.pay": ("Bayar", "Pay"),
    "payment.sim.fail": ("Gagalkan", "Fail"),
    "payment.sim.form_expired": ("Formulir kedaluwarsa. Muat ulang halaman dan coba lagi.",
                                 "The form has expired. Reload the page and try again."),
    "payment.sim.back": ("Anda dapat menutup halaman ini dan kembali ke aplikasi SatuPintu.",
                         "You can close this page and return to the SatuPintu app."),
    "payment.sim.status.settlement": ("Pembayaran berhasil.", "Payment successful."),
    "payment.sim.status.failure": ("Pembayaran gagal.", "Payment failed."),
    "payment.sim.status.expire": ("Waktu pembayaran habis.", "The payment has expired."),
    "payment.sim.status.refund": ("Dana telah dikembalikan.", "The payment was refunded."),
    "payment.sim.missing.title": ("Pembayaran tidak ditemukan", "Payment not found"),
    "payment.sim.missing.detail": ("Tautan pembayaran ini tidak dikenal.",
                                   "This payment link is not known."),
}

TEXTS = {key: {"id": id_, "en": en} for key, (id_, en) in _TEXTS.items()}
for code, (title_id, title_en, detail_id, detail_en) in _PROBLEMS.items():
    TEXTS[f"problem.{code}.title"] = {"id": title_id, "en": title_en}
    TEXTS[f"problem.{code}.detail"] = {"id": detail_id, "en": detail_en}

i18n.register(TEXTS)
