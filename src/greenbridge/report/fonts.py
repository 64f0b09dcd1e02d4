"""Chinese fonts for printed reports: Noto Sans CJK, found on the machine at run time.

The font is not shipped: `make system-deps` installs Debian's `fonts-noto-cjk`. Chromium finds
fonts through fontconfig; the folders found here are named in a fontconfig file of their own
(with the system configuration included), so a font outside fontconfig's folders prints too."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

log = logging.getLogger(__name__)

FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
PREFERRED = Path("/usr/share/fonts/opentype/noto")
PATTERNS = ("NotoSansCJK*.ttc", "NotoSansCJK*.otf", "NotoSansSC*.otf", "NotoSansSC*.ttf")
# Names of the simplified-Chinese face that CSS asks for, after the Latin font of the report.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC")
SYSTEM_CONFIG = Path("/etc/fonts/fonts.conf")


def cjk_font_files(roots: tuple[Path, ...] = (PREFERRED, *FONT_ROOTS)) -> list[Path]:
    """The Noto Sans CJK font files on this machine (Debian's folder first), possibly none."""
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for pattern in PATTERNS:
            found += [p for p in sorted(root.rglob(pattern)) if p not in found]
    return found


def fontconfig_file(fonts: list[Path], folder: Path | None = None) -> Path | None:
    """A fontconfig file naming the folders of `fonts` (and including the system's), or None
    when no CJK font was found."""
    if not fonts:
        log.warning("no Noto Sans CJK font found: Chinese text in PDFs may print as boxes")
        return None
    folders = sorted({str(path.parent) for path in fonts})
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    if SYSTEM_CONFIG.exists():
        lines.append(f'  <include ignore_missing="yes">{SYSTEM_CONFIG}</include>')
    lines += [f"  <dir>{escape(name)}</dir>" for name in folders]
    lines.append("</fontconfig>")
    target = Path(folder or tempfile.gettempdir()) / "greenbridge-fonts.conf"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def chromium_env(folder: Path | None = None) -> dict[str, str]:
    """Environment entries for Chromium so it sees the CJK font (empty without one)."""
    config = fontconfig_file(cjk_font_files(), folder)
    return {"FONTCONFIG_FILE": str(config)} if config else {}


def css_font_stack(latin: str = '"DejaVu Sans", Helvetica, Arial') -> str:
    """The report's `font-family`: Latin letters first, then the CJK face, then sans-serif."""
    cjk = ", ".join(f'"{name}"' for name in CJK_FAMILIES)
    return f"{latin}, {cjk}, sans-serif"
