"""Office, mail and image files made for the tests: docx, odt, pptx, eml, msg, png, scanned PDF."""

from __future__ import annotations

import io
import struct
import zipfile
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
STORY_ONE = "The Alliance of Dryland Research Institutes opened a solar pilot in Nairobi, Kenya."
STORY_TWO = "The Mekong Water Institute held a workshop on water purification in Hanoi."


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Alliance Newsletter", 0)
    document.add_heading("Solar pilot opens", 1)
    document.add_paragraph(STORY_ONE)
    document.add_heading("Water workshop", 1)
    document.add_paragraph(STORY_TWO)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Partner"
    table.rows[0].cells[1].text = "Mekong Water Institute"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3">
<office:automatic-styles>
 <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>
</office:automatic-styles>
<office:body><office:text>
 <text:p text:style-name="P1">Alliance Newsletter</text:p>
 <text:h text:outline-level="1">Solar pilot opens</text:h>
 <text:p text:style-name="Standard">{one}</text:p>
 <text:h text:outline-level="1">Water<text:s/>workshop</text:h>
 <text:p text:style-name="Standard">{two}</text:p>
</office:text></office:body></office:document-content>"""


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", _ODT_CONTENT.format(one=STORY_ONE, two=STORY_TWO))
    return out.getvalue()


def pptx_bytes() -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    for title, body in (("Solar pilot opens", STORY_ONE), ("Water workshop", STORY_TWO)):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text_frame.text = body
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def eml_bytes(attachments: dict[str, bytes]) -> bytes:
    message = EmailMessage()
    message["From"] = "Secretariat <secretariat@alliance.test>"
    message["To"] = "members@alliance.test"
    message["Subject"] = "Meeting report of the water working group"
    message["Date"] = "Tue, 12 Mar 2024 10:00:00 +0000"
    message.set_content(STORY_TWO + "\n\nThe report and the agenda are attached.\n")
    for name, data in attachments.items():
        maintype, subtype = ("text", "plain") if name.endswith(".txt") else ("application", "pdf")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def text_image(lines: list[str], *, size: int = 40) -> Image.Image:
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (2200, 120 + len(lines) * int(size * 1.6)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((80, 60 + index * int(size * 1.6)), line, font=font, fill=0)
    return image


def image_bytes(lines: list[str], kind: str) -> bytes:
    out = io.BytesIO()
    text_image(lines).save(out, kind, **({"resolution": 300.0} if kind == "PDF" else {}))
    return out.getvalue()


# -- a minimal OLE compound file (CFB version 3), enough for an Outlook .msg ---------------

_SECTOR = 512
_FREE, _END, _FAT_SECTOR, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _utf16(text: str) -> bytes:
    # every stream is kept at 4096 bytes or more, so no mini stream is needed
    return text.encode("utf-16-le").ljust(4096, b"\x00")


def msg_bytes(subject: str, body: str, attachments: dict[str, bytes]) -> bytes:
    """An Outlook message: subject and body streams, one storage per attachment."""
    root: list[tuple[str, bytes | list[tuple[str, bytes]]]] = [
        ("__substg1.0_0037001F", _utf16(subject)),
        ("__substg1.0_1000001F", _utf16(body)),
    ]
    for index, (name, data) in enumerate(attachments.items()):
        root.append(
            (
                f"__attach_version1.0_#{index:08X}",
                [
                    ("__substg1.0_3707001F", _utf16(name)),
                    ("__substg1.0_37010102", data.ljust(4096, b"\x00")),
                ],
            )
        )
    return _compound_file(root)


def _compound_file(root: list[tuple[str, bytes | list[tuple[str, bytes]]]]) -> bytes:
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "children": []}]
    streams: list[tuple[int, bytes]] = []

    def add(parent: int, name: str, content: bytes | list[tuple[str, bytes]]) -> None:
        index = len(entries)
        entries.append({"name": name, "type": 1 if isinstance(content, list) else 2,
                        "children": []})  # fmt: skip
        children = entries[parent]["children"]
        assert isinstance(children, list)
        children.append(index)
        if isinstance(content, list):
            for child_name, child in content:
                add(index, child_name, child)
        else:
            streams.append((index, content))

    for name, content in root:
        add(0, name, content)
    data = b""
    fat: list[int] = []
    for index, content in streams:
        count = -(-len(content) // _SECTOR)
        entries[index]["start"], entries[index]["size"] = len(fat), len(content)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
        data += content.ljust(count * _SECTOR, b"\x00")
    directory = b"".join(_entry(entries, i) for i in range(len(entries)))
    directory = directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\x00")
    first_dir = len(fat)
    dir_count = len(directory) // _SECTOR
    fat += [first_dir + i + 1 for i in range(dir_count - 1)] + [_END]
    fat_count = -(-(len(fat) + 8) // 128)
    first_fat = len(fat)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    difat = [first_fat + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, fat_count, first_dir, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<109I", *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + data + directory + fat_bytes


def _entry(entries: list[dict[str, object]], index: int) -> bytes:
    entry = entries[index]
    name = str(entry["name"]).encode("utf-16-le") + b"\x00\x00"
    children = entry["children"]
    assert isinstance(children, list)
    child = children[0] if children else _NONE
    parent = next(e for e in entries if index in e["children"]) if index else None  # type: ignore[operator]
    right = _NONE
    if parent is not None:
        siblings = parent["children"]
        assert isinstance(siblings, list)
        position = siblings.index(index)
        right = siblings[position + 1] if position + 1 < len(siblings) else _NONE
    start = int(entry.get("start", _END))  # type: ignore[call-overload]
    size = int(entry.get("size", 0))  # type: ignore[call-overload]
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBB", len(name), int(entry["type"]), 1)  # type: ignore[call-overload]
        + struct.pack("<III", _NONE, right, child)
        + b"\x00" * 16
        + struct.pack("<IQQIQ", 0, 0, 0, start, size)
    )
