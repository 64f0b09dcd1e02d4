"""OCR accuracy and speed: pages of the example PDF rendered by pdftoppm, made to look scanned
(Gaussian noise, a small skew, JPEG-like blur), read by Tesseract through greenbridge's OCR, and
compared with the PDF's own text layer.

Prints the character accuracy (1 - CER, the edit distance over the reference length, on text
with whitespace runs folded) and pages per minute; the baseline is the clean render of the same
pages, OCRed in the same run.

    .venv/bin/python bench/bench_ocr.py [--pdf examples/documents/08_...pdf] [--skew 1.5]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter
from pypdf import PdfReader
from rapidfuzz.distance import Levenshtein

from greenbridge.ingest.ocr import ocr_image

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "documents"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", "")).strip()


def scanned(image: Image.Image, *, skew: float, noise: float, seed: int) -> Image.Image:
    """A page as a scanner gives it: rotated a little, blurred, with sensor noise."""
    rng = np.random.default_rng(seed)
    gray = image.convert("L").rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    gray = gray.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(gray, dtype=np.float32) + rng.normal(0, noise, gray.size[::-1])
    speckle = rng.random(gray.size[::-1]) < 0.002
    pixels[speckle] = 0
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def accuracy(found: str, reference: str) -> float:
    reference, found = _fold(reference), _fold(found)
    return 1 - Levenshtein.distance(found, reference) / max(1, len(reference))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", type=Path, default=next(EXAMPLE.glob("*.pdf")))
    parser.add_argument("--skew", type=float, default=1.5, help="degrees")
    parser.add_argument("--noise", type=float, default=25.0, help="noise sigma, grey levels")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--languages", default="eng")
    args = parser.parse_args()
    references = [page.extract_text() or "" for page in PdfReader(args.pdf).pages]
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        command = ["pdftoppm", "-r", str(args.dpi), "-gray", "-png", str(args.pdf), str(prefix)]
        subprocess.run(command, check=True)
        renders = [Image.open(p) for p in sorted(Path(folder).glob("page*.png"))]
        for label, pages in (
            ("clean render (baseline)", renders),
            ("noisy and skewed scan", [
                scanned(r, skew=args.skew if i % 2 == 0 else -args.skew, noise=args.noise, seed=i)
                for i, r in enumerate(renders)
            ]),
        ):  # fmt: skip
            started = time.perf_counter()
            texts = [ocr_image(page, languages=args.languages) for page in pages]
            seconds = time.perf_counter() - started
            scores = [accuracy(t, r) for t, r in zip(texts, references, strict=True)]
            total = sum(len(_fold(r)) for r in references)
            weighted = sum(s * len(_fold(r)) for s, r in zip(scores, references, strict=True))
            print(
                f"{label}: {len(pages)} page(s), character accuracy {weighted / total:.4f} "
                f"(per page {', '.join(f'{s:.4f}' for s in scores)}), "
                f"{len(pages) / seconds * 60:.1f} pages/min"
            )
    print(f"target: character accuracy >= 0.97 on the noisy scans (languages {args.languages})")


if __name__ == "__main__":
    main()
