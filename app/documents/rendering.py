"""The PDF of a document: title, holder, dates, status, the data, and a QR code that opens the
platform's verification page with the signed token.

Text uses the TrueType font at DOCUMENTS_PDF_FONT when the file exists (Debian's DejaVu Sans by
default, package fonts-dejavu-core, which `make run` and `make test` install; it covers every
script a name may use), else DejaVu Sans where other distributions put it; without any, PDF's
built-in Helvetica, which only knows Latin-1, so other characters print as "?".
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import segno
from flask import current_app
from fpdf import FPDF

from app import i18n
from app.api import API_PREFIX

DISPLAY_ZONE = ZoneInfo("Asia/Jakarta")  # dates print in WIB, the capital's time


def verify_url(base: str, token: str) -> str:
    return f"{base}{API_PREFIX}/documents/verify?token={quote(token, safe='')}"


def _date(moment: datetime | None, locale: str) -> str:
    if moment is None:
        return i18n.t("document.pdf.no_expiry", locale)
    return moment.astimezone(DISPLAY_ZONE).strftime("%d-%m-%Y")


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return "-" if value is None else str(value)


# Where other distributions install DejaVu Sans (Alpine, Fedora/RHEL, Arch).
DEJAVU_ELSEWHERE = ("/usr/share/fonts/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                    "/usr/share/fonts/TTF/DejaVuSans.ttf")


def body_font() -> Path | None:
    """The TrueType font for the text: the configured one, else DejaVu Sans if installed."""
    configured = current_app.config["DOCUMENTS_PDF_FONT"]
    for candidate in ((configured,) if configured else ()) + DEJAVU_ELSEWHERE:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        font = body_font()
        if font is not None:
            self.add_font("body", "", str(font))
            self.body_font, self.latin1_only = "body", False
        else:
            self.body_font, self.latin1_only = "helvetica", True
        self.set_auto_page_break(auto=True, margin=20)

    def text_of(self, value: str) -> str:
        return value.encode("latin-1", "replace").decode("latin-1") if self.latin1_only else value

    def paragraph(self, text: str, size: int = 11, height: float = 7) -> None:
        self.set_font(self.body_font, size=size)
        self.multi_cell(0, height, self.text_of(text), new_x="LMARGIN", new_y="NEXT")


def render_pdf(document: dict, *, base_url: str, locale: str) -> bytes:
    """`document`: the citizen detail (app.documents.service.detail)."""
    pdf = _Pdf()
    pdf.set_title(pdf.text_of(document["title"]))
    pdf.set_creator("SatuPintu")
    pdf.add_page()
    pdf.paragraph(document["title"], size=18, height=10)
    pdf.paragraph(f"{i18n.t('document.pdf.type', locale)}: {document['type']}", size=10)
    pdf.ln(4)
    rows = [
        ("document.pdf.holder", document["holder_name"]),
        ("document.pdf.issuer", " / ".join(filter(None, (document["agency"], document["module"])))),
        ("document.pdf.issued_at", _date(document["issued_at"], locale)),
        ("document.pdf.valid_until", _date(document["valid_until"], locale)),
        ("document.pdf.status", i18n.t(f"document.status.{document['status']}", locale)),
        ("document.pdf.number", str(document["id"])),
    ]
    for key, value in rows:
        pdf.paragraph(f"{i18n.t(key, locale)}: {value}")
    pdf.ln(4)
    for key, value in document["data"].items():
        pdf.paragraph(f"{key}: {_value(value)}")
    qr = segno.make(verify_url(base_url, document["token"]), error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=4, border=2)
    image.seek(0)
    pdf.ln(6)
    pdf.image(image, w=60)
    pdf.paragraph(i18n.t("document.pdf.verify_hint", locale), size=9, height=5)
    return bytes(pdf.output())
