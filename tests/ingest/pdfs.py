"""PDFs made for the tests with reportlab: a normal one, an encrypted one, a broken one."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LINES = [
    "Cooperation report",
    "Date: 12 March 2024",
    "The Alliance of Dryland Research Institutes met in Nairobi, Kenya, on",
    "11 March 2024. Dr. Jane Mwangi, Director of the Kenya Arid Lands Insti-",
    "tute, presented a solar irrigation technology that reduced water use by",
    "40% on 300 farms.",
]


def write_pdf(path: Path, *, encrypt: str | None = None, lines: list[str] = LINES) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    y = 800
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return path


def write_broken_pdf(path: Path) -> Path:
    data = write_pdf(path).read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path
