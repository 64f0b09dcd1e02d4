"""Bar charts drawn with matplotlib (Agg) and embedded in reports as SVG text."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from greenbridge.report.model import Chart

BAR_COLOUR = "#2f7d4f"


def bar_chart(title: str, labels: list[str], values: list[int]) -> Chart:
    """A vertical bar chart of counts (labels in the given order) as an SVG chart."""
    figure, axes = plt.subplots(figsize=(6.4, 2.8), dpi=100)
    try:
        axes.bar(range(len(values)), values, color=BAR_COLOUR)
        axes.set_xticks(
            range(len(labels)),
            labels,
            rotation=45 if len(labels) > 6 else 0,
            ha="right" if len(labels) > 6 else "center",
            fontsize=8,
        )
        axes.set_title(title, fontsize=10)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        plt.close(figure)
    svg = buffer.getvalue()
    return Chart(title, svg[svg.index("<svg") :])
