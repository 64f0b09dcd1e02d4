"""Mail readers: .eml (RFC 5322) and Outlook .msg to a body text plus attachments.

Each attachment comes back as its file name and bytes; the ingest stores it as a document of
its own, linked to the message (`Document.parent_id`).
"""

from __future__ import annotations

import email
import email.policy
import io
from dataclasses import dataclass
from email.message import EmailMessage

from greenbridge.ingest.errors import IngestError

MAX_ATTACHMENTS = 100


@dataclass(frozen=True)
class Attachment:
    """A file carried by a message."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Message:
    subject: str | None
    date: str | None
    body: str
    attachments: tuple[Attachment, ...]


def _header_text(subject: str | None, sender: str | None, date: str | None, body: str) -> str:
    lines = [f"# {subject}" if subject else "", f"From {sender}" if sender else ""]
    lines += [f"Sent {date}" if date else ""]
    return "\n".join([line for line in lines if line] + ["", body]).strip()


def read_eml(data: bytes) -> Message:
    """A MIME message: its plain-text body (else its HTML body as text) and its attachments."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message.keys() or message.get_payload()):
        raise IngestError("not an e-mail message (no headers)")
    if not any(key.lower() in {"from", "to", "subject", "date"} for key in message):
        raise IngestError("not an e-mail message (no From, To, Subject or Date header)")
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        body = content if body_part.get_content_subtype() == "plain" else _html_text(content)
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        name = part.get_filename()
        if name and isinstance(payload, bytes):
            attachments.append(Attachment(name, payload))
    subject = message.get("subject")
    date = message.get("date")
    text = _header_text(subject, message.get("from"), date, body)
    return Message(subject, date, text, tuple(attachments[:MAX_ATTACHMENTS]))


def _html_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_recall=True) or ""


# MAPI property streams of an Outlook message (type 001F: UTF-16LE, 001E: 8-bit, 0102: binary)
_SUBJECT, _BODY, _SENDER, _HTML = "0037", "1000", "0C1A", "1013"
_ATTACH_DATA, _ATTACH_LONG_NAME, _ATTACH_NAME = "3701", "3707", "3704"


def read_msg(data: bytes) -> Message:
    """An Outlook .msg (an OLE compound file): subject, sender, body and attached files."""
    import olefile

    if not olefile.isOleFile(io.BytesIO(data)):
        raise IngestError("not an Outlook message (not an OLE compound file)")
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        subject = _msg_string(ole, [], _SUBJECT)
        body = _msg_string(ole, [], _BODY)
        if not body:
            html = _msg_binary(ole, [], _HTML)
            body = _html_text(html.decode("utf-8", errors="replace")) if html else ""
        attachments = []
        for storage in sorted({e[0] for e in ole.listdir() if e[0].startswith("__attach_")}):
            name = _msg_string(ole, [storage], _ATTACH_LONG_NAME) or _msg_string(
                ole, [storage], _ATTACH_NAME
            )
            payload = _msg_binary(ole, [storage], _ATTACH_DATA)
            if name and payload is not None:
                attachments.append(Attachment(name, payload))
        text = _header_text(subject, _msg_string(ole, [], _SENDER), None, body)
    finally:
        ole.close()
    if not text.strip():
        raise IngestError("the Outlook message holds no subject and no body")
    return Message(subject, None, text, tuple(attachments[:MAX_ATTACHMENTS]))


def _msg_string(ole: object, storage: list[str], prop: str) -> str | None:
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        raw = _msg_binary(ole, storage, prop, kind)
        if raw is not None:
            return raw.decode(encoding, errors="replace").rstrip("\x00").strip() or None
    return None


def _msg_binary(ole: object, storage: list[str], prop: str, kind: str = "0102") -> bytes | None:
    path = [*storage, f"__substg1.0_{prop}{kind}"]
    if not ole.exists(path):  # type: ignore[attr-defined]
        return None
    data: bytes = ole.openstream(path).read()  # type: ignore[attr-defined]
    return data
