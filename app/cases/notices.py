"""What the citizen's inbox says when a case moves: templates "cases.notice.<state>"
(title and body, `{number}` the case number, `{reason}` the officer's words), and
"cases.notice.changed" for states a module adds."""

from __future__ import annotations

from app import i18n
from app.cases.definitions import find
from app.cases.models import Case
from app.contracts.cases import STANDARD_STATES

_TEXTS = {
    "draft": ("Permohonan {number} disimpan sebagai draf", "Application {number} saved as a draft",
              "Lengkapi dan ajukan permohonan Anda.", "Complete and submit your application."),
    "submitted": ("Permohonan {number} diajukan", "Application {number} submitted",
                  "Permohonan Anda telah kami terima.", "We have received your application."),
    "payment_pending": ("Bayar permohonan {number}", "Pay for application {number}",
                        "Permohonan Anda akan diproses setelah tagihan dibayar.",
                        "Your application is processed once the invoice is paid."),
    "in_review": ("Permohonan {number} sedang diperiksa", "Application {number} is under review",
                  "Petugas sedang memeriksa permohonan Anda.", "An officer is reviewing your application."),
    "needs_correction": ("Permohonan {number} perlu diperbaiki", "Application {number} needs corrections",
                         "Catatan petugas: {reason}", "The officer's note: {reason}"),
    "approved": ("Permohonan {number} disetujui", "Application {number} approved",
                 "Permohonan Anda disetujui.", "Your application was approved."),
    "rejected": ("Permohonan {number} ditolak", "Application {number} rejected",
                 "Alasan: {reason}", "Reason: {reason}"),
    "issued": ("Dokumen permohonan {number} terbit", "Document for application {number} issued",
               "Dokumen Anda sudah ada di dompet dokumen.", "Your document is in your documents wallet."),
    "withdrawn": ("Permohonan {number} dibatalkan", "Application {number} withdrawn",
                  "Permohonan ini telah dibatalkan.", "This application was withdrawn."),
    "pending_external": ("Permohonan {number} menunggu instansi lain",
                         "Application {number} is waiting for another agency",
                         "Kami menunggu jawaban dari sistem instansi terkait.",
                         "We are waiting for an answer from the agency's registry."),
    "changed": ("Status permohonan {number} berubah", "Application {number} has a new status",
                "Status baru: {state}.", "New status: {state}."),
    "comment": ("Pesan baru pada permohonan {number}", "New message on application {number}",
                "Petugas menulis pesan untuk Anda.", "An officer wrote you a message."),
    "escalated": ("Permohonan {number} melewati batas waktu", "Application {number} is overdue",
                  "Permohonan ini melewati batas waktu layanan dan perlu ditangani.",
                  "This application is past its service deadline and needs attention."),
}

i18n.register({
    **{f"cases.notice.{key}.title": {"id": t_id, "en": t_en} for key, (t_id, t_en, _b, _e) in _TEXTS.items()},
    **{f"cases.notice.{key}.body": {"id": b_id, "en": b_en} for key, (_t, _e, b_id, b_en) in _TEXTS.items()},
})


def notice(case: Case, state: str, reason: str) -> tuple[str, dict]:
    """(template, params) for a case that reached `state`: a state the service adds is named by
    its label in each locale (the reader's is shown)."""
    if state in STANDARD_STATES:
        return f"cases.notice.{state}", {"number": case.number, "state": state, "reason": reason or "-"}
    service = find(case.module, case.service)
    label = service.definition.states.get(state) if service is not None else None
    return "cases.notice.changed", {"number": case.number, "state": label or state, "reason": reason or "-"}
