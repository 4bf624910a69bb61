"""PDF certificates of completion, with a verification URL and a QR code to it.

The page is landscape A4 or US Letter; every element is placed relative to
the page size and kept inside the area both sizes share, so either prints
without clipping. The built-in PDF fonts keep the file small (no embedded
font); characters outside their Latin range are transliterated.
"""

from __future__ import annotations

import io
import unicodedata

import segno
from flask_babel import format_date, format_decimal, gettext

from coursehub.credentials.links import verification_url
from coursehub.credentials.services import AwardRecord

PAPERS = {"a4": "A4", "letter": "Letter"}
INK = (28, 36, 48)
ACCENT = (31, 95, 139)
MUTED = (90, 98, 110)


# Letters that do not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
                                "Ħ": "H", "ħ": "h", "ı": "i", "Ŧ": "T", "ŧ": "t"})


def pdf_text(text: str) -> str:
    """``text`` in the core fonts' Windows-1252 range (accents kept, others transliterated)."""
    out = []
    for char in text.translate(_TRANSLITERATE):
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def hours_text(minutes: int) -> str:
    return format_decimal(minutes / 60, format="#,##0.##")


def certificate_pdf(record: AwardRecord, paper: str = "a4", language: str | None = None) -> bytes:
    """The certificate for one award, in the current locale's interface language."""
    from fpdf import FPDF  # a quarter-second import: paid by the first certificate, not at start

    text = record.text(language)
    url = verification_url(record.award.code)
    pdf = FPDF(orientation="landscape", unit="mm", format=PAPERS[paper])
    pdf.set_auto_page_break(False)
    pdf.set_title(pdf_text(gettext("Certificate of completion")))
    pdf.set_author(pdf_text(_issuer()))
    pdf.set_subject(pdf_text(text.title))
    pdf.set_creator("CourseHub")
    if language:
        pdf.set_lang(language.replace("_", "-"))
    pdf.add_page()
    width, height = pdf.w, pdf.h
    margin = 14
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(margin, margin, width - 2 * margin, height - 2 * margin)
    pdf.set_line_width(0.3)
    pdf.rect(margin + 3, margin + 3, width - 2 * margin - 6, height - 2 * margin - 6)

    inner = width - 2 * (margin + 16)
    pdf.set_left_margin(margin + 16)
    pdf.set_right_margin(margin + 16)

    def line(value: str, size: float, style: str = "", color=INK, gap: float = 2) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(inner, size * 0.45, pdf_text(value), align="C")
        pdf.ln(gap)

    pdf.set_y(margin + 20)
    line(_issuer(), 14, "B", ACCENT, 10)
    line(gettext("Certificate of completion"), 32, "B", INK, 12)
    line(gettext("This certifies that"), 13, "", MUTED, 5)
    line(record.user.name, 28, "B", INK, 9)
    line(gettext("completed the module"), 13, "", MUTED, 5)
    line(text.title, 20, "B", ACCENT, 9)
    line(gettext("on %(date)s · estimated study time: %(hours)s hours",
                 date=format_date(record.award.issued_at, "long"),
                 hours=hours_text(record.version.estimated_minutes)), 12, "", INK, 0)

    qr_size = 30
    bottom = height - margin - 10
    pdf.image(io.BytesIO(qr_png(url)), x=width - margin - 12 - qr_size, y=bottom - qr_size,
              w=qr_size, h=qr_size)
    pdf.set_xy(margin + 16, bottom - 17)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(*MUTED)
    text_width = width - 2 * margin - 28 - qr_size - 8
    pdf.multi_cell(text_width, 5, pdf_text(gettext(
        "Check this certificate at the address below or by scanning the QR code. "
        "Code: %(code)s", code=record.award.code)), align="L")
    pdf.set_font("Helvetica", "U", 10)
    pdf.set_text_color(*ACCENT)
    pdf.set_x(margin + 16)
    pdf.cell(text_width, 6, pdf_text(url), link=url)
    return bytes(pdf.output())


def _issuer() -> str:
    from flask import current_app

    return current_app.config["COURSEHUB_ISSUER_NAME"]
