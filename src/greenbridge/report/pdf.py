"""HTML to PDF through headless Chromium's print (Python Playwright driving /usr/bin/chromium)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from greenbridge.report.fonts import chromium_env

log = logging.getLogger(__name__)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class PdfUnavailable(RuntimeError):
    """No Chromium to print with."""


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise PdfUnavailable("PDF output needs Chromium (looked for /usr/bin/chromium)")


def html_to_pdf(html: str) -> bytes:
    """Print `html` to an A4 PDF with backgrounds; nothing is fetched from the network."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        env: dict[str, str | float | bool] = {
            **os.environ,
            **chromium_env(Path(folder)),
        }  # Chinese text prints with Noto CJK
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, env=env
        )
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # the page is self-contained
            page.set_content(html, wait_until="load")
            pdf = page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
    log.info("printed a PDF of %d bytes", len(pdf))
    return pdf
