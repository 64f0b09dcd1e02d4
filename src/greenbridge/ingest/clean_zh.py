"""Page furniture of Chinese web pages (`首页`, `当前位置：`, `【字体：大 中 小】`, `打印本页`,
`关闭窗口`, `分享到`...) and how Chinese lines wrapped by a PDF join again (with no space)."""

from __future__ import annotations

import re
from itertools import pairwise

# Widgets that may stand together on one line: `【字体：大 中 小】 【打印本页】 【关闭窗口】`.
_WIDGET = (
    r"(?:字[体體号號]\s*[:：]?\s*(?:[大中小]\s*){2,3}|打印本页|打印本頁|打印|列印|关闭窗口|關閉窗口|"
    r"关闭本页|關閉本頁|关闭|關閉|收藏本页|加入收藏|收藏|返回顶部|返回頂部|返回首页|返回首頁|返回|"
    r"纠错|糾錯|我要纠错|保存本页|复制链接|複製鏈接)"
)
# Whitespace is taken only by the separator class, so a match attempt stays linear in the line.
_WIDGETS = rf"(?:[【\[(（]?{_WIDGET}[】\])）]?[\s|/·]*)+"
# Full-line patterns, as those of `clean._BOILERPLATE` (matched against a stripped line).
ZH_BOILERPLATE = [
    rf"{_WIDGETS}(?:分享到\s*[:：]?.*)?",
    r"分享到\s*[:：]?.*",
    r"(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您現在的位置|所在位置)\s*[:：]?.*",
    r"(?:网站|網站)?首[页頁]",
    r"(?:版权所有|版權所有|主办单位|主辦單位|承办单位|承辦單位|技术支持|技術支持|网站标识码|"
    r"網站標識碼|联系我们|聯繫我們|网站地图|網站地圖).*",
    r".{0,40}ICP[备備]\s*\d*.*",
    r".{0,40}公网安备.*",
    r"(?:地址|邮编|郵編|电话|電話|传真|傳真|邮箱|郵箱|电子邮件|電子郵件)\s*[:：].*",
    r"(?:上一篇|下一篇|上一條|下一條|上一条|下一条)\s*[:：]?.{0,80}",
    r"(?:扫一扫|掃一掃|扫码|掃碼).{0,40}",
    r"(?:责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*\S{1,12}",
]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_MENU_SEPARATORS = re.compile(r"\s*[|>»＞→›]\s*")
_CJK_NAVIGATION_WORDS = {"首页", "首頁", "网站首页", "網站首頁", "联系我们", "聯繫我們", "关于我们"}
_CJK_NAVIGATION_WORDS |= {"關於我們", "网站地图", "網站地圖", "登录", "登錄", "注册", "註冊"}


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def is_cjk_menu(line: str) -> bool:
    """`首页>新闻中心>国际合作`: three or more short Chinese items between separators."""
    if not has_cjk(line) or any(ch.isdigit() for ch in line):
        return False
    parts = [p for p in _CJK_MENU_SEPARATORS.split(line) if p]
    return len(parts) >= 3 and all(len(p) <= 10 for p in parts)


def is_cjk_navigation_bar(line: str) -> bool:
    """`首页 新闻中心 机构设置 政务公开`: short Chinese menu items, one of them a site link."""
    words = line.split()
    short = len(words) >= 4 and all(len(w) <= 6 and has_cjk(w) for w in words)
    return short and any(w in _CJK_NAVIGATION_WORDS for w in words)


def join_wrapped(parts: list[str]) -> str:
    """The physical lines of one paragraph as one line: a space between Latin words, none
    where a line ends or the next starts with a Chinese character or punctuation."""
    pieces = [parts[0]]  # joined once at the end: linear in the paragraph
    for previous, part in pairwise(parts):
        if not (_is_cjk_edge(previous[-1:]) or _is_cjk_edge(part[:1])):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def _is_cjk_edge(character: str) -> bool:
    return bool(character) and (
        has_cjk(character) or "\u3000" <= character <= "\u303f" or "\uff00" <= character <= "\uffef"
    )


_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜—－]+|\s-)\s*")


def without_site_name(title: str) -> str:
    """`兩岸學者合作研究_科技新聞網` -> `兩岸學者合作研究`: a Chinese page title less the site
    name that follows it (short parts after `_`, `|`, `｜`, `—`)."""
    if not has_cjk(title):
        return title
    parts = [p for p in _TITLE_SEPARATOR.split(title.strip()) if p]
    if len(parts) >= 2 and len(parts[0]) >= 6 and all(len(p) <= 20 for p in parts[1:]):
        return parts[0]
    return title
