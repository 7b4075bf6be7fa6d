"""Document PDFs print names and data beyond Latin-1 (Đ, dashes, ellipses, curly quotes) with
DejaVu Sans (Debian's fonts-dejavu-core, installed by `make test`); without the font, the
built-in Helvetica prints "?" instead of failing. Skipped without the font, except in CI
(SATUPINTU_REQUIRE_SERVICES=1), where the font must be there."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

from pypdf import PdfReader

from app.db import utcnow
from app.documents import rendering
from app.testing.plugin import missing_service

HOLDER = "R.A. “Tini” Đjojoadhiningrat"  # curly quotes and Đ, as a Javanese name may be spelled
NOTE = "Berlaku untuk keperluan sekolah — cukup sekali… ‘asli’"


def _document() -> dict:
    now = utcnow()
    return {"id": uuid.uuid4(), "type": "surat_keterangan", "title": "Surat Keterangan — Domisili",
            "holder_name": HOLDER, "agency": "Kota Bandung", "module": "pengumuman", "issued_at": now,
            "valid_until": now + timedelta(days=30), "status": "valid", "data": {"catatan": NOTE},
            "token": "header.payload.signature"}


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_text_beyond_latin1_prints_with_dejavu(app):
    with app.test_request_context():
        font = rendering.body_font()
        if font is None or "DejaVu" not in font.name:
            missing_service("DejaVu Sans is not installed (Debian: fonts-dejavu-core, `make test`)")
        text = _text(rendering.render_pdf(_document(), base_url="http://localhost", locale="id"))
    for expected in (HOLDER, NOTE, "Surat Keterangan — Domisili"):
        assert expected in text, expected
    assert "?" not in text.replace("?token", "")


def test_without_the_font_latin1_stands_in(app, override_config, monkeypatch):
    override_config(DOCUMENTS_PDF_FONT="/nonexistent/font.ttf")
    monkeypatch.setattr(rendering, "DEJAVU_ELSEWHERE", ())
    with app.test_request_context():
        assert rendering.body_font() is None
        text = _text(rendering.render_pdf(_document(), base_url="http://localhost", locale="id"))
    assert "R.A. ?Tini? ?jojoadhiningrat" in text
