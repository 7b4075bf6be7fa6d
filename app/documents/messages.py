"""Texts of the documents wallet (API and PDF), in every platform locale."""

from app import i18n

i18n.register({
    "document.pdf.type": {"id": "Jenis dokumen", "en": "Document type"},
    "document.pdf.holder": {"id": "Pemegang", "en": "Holder"},
    "document.pdf.issuer": {"id": "Penerbit", "en": "Issuer"},
    "document.pdf.issued_at": {"id": "Tanggal terbit", "en": "Issued on"},
    "document.pdf.valid_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "document.pdf.no_expiry": {"id": "Seumur hidup", "en": "No expiry"},
    "document.pdf.status": {"id": "Status", "en": "Status"},
    "document.pdf.number": {"id": "Nomor dokumen", "en": "Document number"},
    "document.pdf.verify_hint": {
        "id": "Pindai kode QR untuk memeriksa keaslian dan status dokumen ini di SatuPintu.",
        "en": "Scan the QR code to check this document's authenticity and status on SatuPintu."},
    "document.error.unknown_module": {"id": "Layanan ini tidak dikenal.", "en": "Unknown service module."},
    "document.error.purpose_not_declared": {
        "id": "Layanan ini tidak menyatakan tujuan tersebut untuk jenis dokumen ini.",
        "en": "The module declares no such purpose for this kind of document."},
    "document.status.valid": {"id": "Berlaku", "en": "Valid"},
    "document.status.revoked": {"id": "Dicabut", "en": "Revoked"},
    "document.status.superseded": {"id": "Digantikan dokumen baru", "en": "Superseded"},
    "document.status.expired": {"id": "Kedaluwarsa", "en": "Expired"},
})
