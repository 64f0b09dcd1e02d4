"""In headless Debian chromium: a browser asking for Chinese sees the sign-in page in Chinese; a
user who chose Chinese sees the dashboard in Chinese whatever the browser asks; the Chinese text
is drawn with a CJK font (screenshots in test-output/e2e/)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import uvicorn
from PIL import Image

from greenbridge.auth import get_by_username, set_locale
from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from tests.conftest import REPO
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-output" / "e2e"
GLYPHS = 0.4  # dark share of the bold 登录: about 0.5 in Noto Sans CJK, under 0.3 as boxes
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "li", "editor")
    add_user(app.state.engine, "anna", "viewer")
    with transaction(app.state.engine) as session:
        user = get_by_username(session, "li")
        assert user is not None
        set_locale(session, user_id=user.id, locale="zh_Hans")
        corrections.add_entity(
            session, type="event", name="中非水资源合作论坛", user="seed",
            attributes={"start": "2024-05-17", "country": "KE"},
        )  # fmt: skip
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _glyph_ink(path: Path, box: dict[str, float]) -> float:
    """The share of dark pixels inside the smallest rectangle holding the text of a box of a
    screenshot: CJK glyphs are dense strokes, missing-glyph boxes hollow outlines."""
    image = np.asarray(Image.open(path).convert("L"))
    x, y, w, h = (int(box[k]) for k in ("x", "y", "width", "height"))
    dark = image[y : y + h, x : x + w] < 128
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    if not len(rows):
        return 0.0
    text = dark[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    return float(text.mean())


def _latin_fonts_only(folder: Path) -> dict[str, str | float | bool]:
    """An environment whose fontconfig knows the DejaVu fonts only (no CJK font)."""
    config = folder / "latin-fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{folder}/fc</cachedir></fontconfig>"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def _sign_in(page, server: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_a_chinese_browser_sees_the_sign_in_page_in_chinese(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1100, "height": 800})
        page.goto(server + "/login")
        expect(page.locator("h1")).to_have_text("登录")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        expect(page.locator("form[action='/login'] button[type=submit]")).to_have_text("登录")
        shot = SHOTS / "language-01-sign-in-zh.png"
        page.screenshot(path=shot, full_page=True)
        assert _glyph_ink(shot, page.locator("h1").bounding_box()) > GLYPHS  # not empty boxes
        browser.close()
        # The same page in a chromium that has no CJK font: the check sees the boxes.
        env = _latin_fonts_only(tmp_path)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, env=env)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1100, "height": 800})
        page.goto(server + "/login")
        boxes = SHOTS / "language-00-sign-in-without-cjk-font.png"
        page.screenshot(path=boxes, full_page=True)
        assert _glyph_ink(boxes, page.locator("h1").bounding_box()) < GLYPHS
        browser.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_a_user_who_chose_chinese_sees_the_dashboard_in_chinese(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 1100, "height": 800})
        page.set_default_timeout(60_000)
        page.goto(server + "/login")
        expect(page.locator("h1")).to_have_text("Sign in")
        _sign_in(page, server, "li")  # li chose Chinese: the browser's English does not count
        expect(page.locator("h1")).to_have_text("概览")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        expect(page.locator("nav")).to_contain_text("文档")
        expect(page.locator("body")).to_contain_text("活动时间线")
        expect(page.locator(".timeline")).to_contain_text("中非水资源合作论坛")
        page.screenshot(path=SHOTS / "language-02-dashboard-zh.png", full_page=True)
        page.select_option("form.language select", "en")  # the header's selector
        page.click("form.language button")
        expect(page.locator("h1")).to_have_text("Dashboard")
        _sign_in(page, server, "anna")  # no choice of her own: the one made in this browser
        expect(page.locator("h1")).to_have_text("Dashboard")
        browser.close()
