"""PDFs made for the tests with reportlab: a normal one, an encrypted one, a broken one."""

from __future__ import annotations

import zlib
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


def zip_bomb_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF whose content stream is small compressed and `inflated_bytes` inflated."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n")]
    spaces = b" " * (1 << 20)
    parts += [compressor.compress(spaces) for _ in range(inflated_bytes >> 20)]
    stream = b"".join([*parts, compressor.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
