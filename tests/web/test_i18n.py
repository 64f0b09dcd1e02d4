"""The workspace language: the user's choice, else the browser's Accept-Language, else English;
`<html lang>` follows; form errors and flash messages are translated too."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.auth import get_by_username, set_locale
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.i18n import negotiate
from tests.web.helpers import PASSWORD, add_user, csrf_of, sign_in

Client = Callable[[str | None], TestClient]
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found
    return found.group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5, zh;q=0.7", "zh_Hans"),  # the highest quality with a catalog wins
        ("en;q=0.1, zh-CN;q=0", "en"),  # q=0: not wanted
        ("fr-FR,de;q=0.8", None),
        ("", None),
        ("!!, zh", "zh_Hans"),
    ],
)
def test_accept_language_negotiation(header: str, expected: str | None) -> None:
    assert negotiate(header) == expected


def test_sign_in_page_follows_the_browser(app: FastAPI) -> None:
    client = TestClient(app)
    chinese = client.get("/login", headers=CHINESE).text
    assert _lang(chinese) == "zh-Hans"
    assert "<h1>登录</h1>" in chinese and "用户名" in chinese and "密码" in chinese
    english = client.get("/login", headers={"Accept-Language": "en-GB"}).text
    assert _lang(english) == "en" and "<h1>Sign in</h1>" in english
    fallback = client.get("/login", headers={"Accept-Language": "fr"}).text
    assert _lang(fallback) == "en" and "Username" in fallback


def test_wrong_password_is_said_in_chinese(app: FastAPI, app_engine: Engine) -> None:
    add_user(app_engine, "li", "viewer")
    client = TestClient(app, raise_server_exceptions=False)
    token = csrf_of(client)
    page = client.post(
        "/login",
        data={"username": "li", "password": "not it", "csrf_token": token, "next": "/"},
        headers=CHINESE,
    )
    assert page.status_code == 401 and "用户名或密码错误。" in page.text


def test_the_users_choice_beats_the_browser(app: FastAPI, app_engine: Engine) -> None:
    add_user(app_engine, "wang", "editor")
    with transaction(app_engine) as session:
        user = get_by_username(session, "wang")
        assert user is not None
        set_locale(session, user_id=user.id, locale="zh_Hans")
    client = sign_in(TestClient(app), "wang")
    page = client.get("/dashboard", headers={"Accept-Language": "en-US"}).text
    assert _lang(page) == "zh-Hans"
    assert "<h1>概览</h1>" in page and "涉及的国家" in page and "退出登录" in page
    assert "Countries involved" not in page


def test_choosing_a_language_in_the_header_is_kept_for_the_user(
    client_as: Client, app: FastAPI, app_engine: Engine
) -> None:
    browser = client_as("editor")
    assert "<h1>Dashboard</h1>" in browser.get("/dashboard").text
    chosen = browser.post(
        "/language", data={"locale": "zh_Hans", "next": "/dashboard"}, follow_redirects=False
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/dashboard"
    assert "<h1>概览</h1>" in browser.get("/dashboard").text
    with transaction(app_engine) as session:
        user = get_by_username(session, "editor")
        assert user is not None and user.locale == "zh_Hans"
    elsewhere = sign_in(TestClient(app), "editor", PASSWORD)  # another browser, same user
    assert "<h1>概览</h1>" in elsewhere.get("/dashboard").text
    browser.post("/language", data={"locale": "", "next": "/dashboard"})  # back to the browser's
    assert "<h1>Dashboard</h1>" in browser.get("/dashboard").text
    assert "<h1>概览</h1>" in browser.get("/dashboard", headers=CHINESE).text


def test_a_language_chosen_before_signing_in_stays(app: FastAPI, app_engine: Engine) -> None:
    add_user(app_engine, "zhao", "viewer")
    client = TestClient(app)
    token = csrf_of(client)
    client.post("/language", data={"locale": "zh_Hans", "next": "/login", "csrf_token": token})
    assert "<h1>登录</h1>" in client.get("/login").text
    sign_in(client, "zhao")
    assert "<h1>概览</h1>" in client.get("/dashboard").text


def test_the_language_form_needs_the_csrf_token(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    client.get("/login")
    refused = client.post("/language", data={"locale": "zh_Hans"}, follow_redirects=False)
    assert refused.status_code == 403


def test_form_errors_and_flash_messages_are_translated(client_as: Client) -> None:
    browser = client_as("editor")
    browser.post("/language", data={"locale": "zh_Hans", "next": "/"})
    invalid = browser.get("/reports?kind=newsletter&start=someday&end=2024-01-31")
    assert "不是日期" in invalid.text and "someday" in invalid.text
    done = browser.post(
        "/match/save", data={"need": "clean water for small towns"}, follow_redirects=True
    )
    assert "已保存为匹配请求" in done.text and "<h1>匹配请求</h1>" in done.text
    assert "已提出" in done.text  # the stage named in Chinese on the board


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "<h1>文档</h1>"),
        ("/search?q=water", "<h1>搜索</h1>"),
        ("/entities?type=event", "<h1>活动"),
        ("/entities?type=organization&country=KE&sort=recent", "<h1>机构"),
        ("/network", "<h1>合作网络</h1>"),
        ("/review", "<h1>审核队列</h1>"),
        ("/review/facts", "<h1>事实队列</h1>"),
        ("/match/board", "<h1>匹配请求</h1>"),
        ("/upload", "<h1>上传文档</h1>"),
        ("/export", "<h1>导出</h1>"),
        ("/reports", "<h1>报告</h1>"),
        ("/admin/users", "<h1>用户</h1>"),
        ("/documents/999", "<title>错误 404 · greenbridge</title>"),
    ],
)
def test_every_page_renders_in_chinese(client_as: Client, path: str, heading: str) -> None:
    admin = client_as("admin")
    page = admin.get(path, headers=CHINESE)
    assert _lang(page.text) == "zh-Hans"
    assert heading in page.text, page.text[:2000]
    assert "Sign out" not in page.text and "退出登录" in page.text


def test_country_names_follow_the_language(client_as: Client, app_engine: Engine) -> None:
    with transaction(app_engine) as session:
        corrections.add_entity(
            session, type="organization", name="Lake Basin Institute", user="seed",
            attributes={"country": "KE"},
        )  # fmt: skip
    browser = client_as("viewer")
    assert "肯尼亚 · 1" in browser.get("/dashboard", headers=CHINESE).text
    assert "Kenya · 1" in browser.get("/dashboard").text
    listed = browser.get("/entities?type=organization", headers=CHINESE).text
    assert "<td>肯尼亚 (KE)</td>" in listed
    assert "<td>Kenya (KE)</td>" in browser.get("/entities?type=organization").text
