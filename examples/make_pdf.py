"""Render the example PDF report `08_sahel_dryland_agriculture_workshop.pdf`.

Deterministic: reportlab's invariant mode fixes the creation date and document id,
so running this script twice gives byte-identical files.

    .venv/bin/python examples/make_pdf.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: E402

OUT = Path(__file__).resolve().parent / "documents" / "08_sahel_dryland_agriculture_workshop.pdf"

TITLE = "Workshop Report: Climate-Smart Dryland Agriculture for the Sahel"
DATE_LINE = "Date: 20 November 2023  |  Niamey, Niger"

PARAGRAPHS = [
    "The Regional Workshop on Climate-Smart Dryland Agriculture was held in Niamey, Niger, "
    "from 6 to 8 November 2023. It was organized by the Sahel Agricultural Innovation "
    "Alliance (SAIA) with the National Institute of Agronomic Research of Niger (INRAN) "
    "and The World Academy of Sciences (TWAS), based in Trieste, Italy. Sixty-five "
    "researchers and extension officers from Niger, Mali, Burkina Faso, Senegal, Chad and "
    "China took part.",
    "Dr. Mariama Issoufou Garba, Head of the Soil and Water Department at INRAN, opened the "
    "workshop. She presented half-moon micro-catchments and zai pits used on 3,000 hectares "
    "of degraded land near Tillaberi, where millet yields have risen by 55% since 2019. "
    "Prof. SUN Haiyan, Senior Researcher at the Institute of Soil and Water Conservation "
    "(ISWC), Chinese Academy of Sciences, in Yangling, China, described solar-powered drip "
    "irrigation kits that reduced water use by 35% in vegetable gardens in Senegal.",
    "Dr. Boubacar Keita, Senior Scientist at the Institut d'Economie Rurale (IER) in "
    "Bamako, Mali, reported on drought-tolerant sorghum varieties now grown by 12,000 "
    "farmers, with seed production of 60 tons per year. Mr. Ousmane Sawadogo, Programme "
    "Officer of the Great Green Wall initiative of the African Union, spoke on links "
    "between farm research and land restoration.",
    "At the close of the workshop on 8 November, INRAN and ISWC signed an agreement to "
    "found the Niger-China Joint Centre for Dryland Agriculture (NCJCDA) in Niamey, with "
    "USD 2.5 million for its first five years. The Institute of Environment and "
    "Agricultural Research (INERA) of Burkina Faso joined SAIA as a member, bringing the "
    "alliance to 24 members in 9 countries. The next workshop will be held in Bamako in "
    "October 2024.",
]


def build(path: Path = OUT) -> Path:
    """Write the report to ``path`` and return the path."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=TITLE,
        author="Sahel Agricultural Innovation Alliance",
        invariant=1,
    )
    story = [Paragraph(TITLE, styles["Title"]), Paragraph(DATE_LINE, styles["Normal"])]
    story.append(Spacer(1, 0.6 * cm))
    for text in PARAGRAPHS:
        story.append(Paragraph(text, styles["BodyText"]))
        story.append(Spacer(1, 0.25 * cm))
    doc.build(story)
    return path


if __name__ == "__main__":
    print(build())
