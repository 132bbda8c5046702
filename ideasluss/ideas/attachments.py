"""Attachments on ideas: the type is sniffed from the content, files live outside static/.

A file is written to `UPLOAD_FOLDER` under a random storage key while the transaction is open;
if the transaction rolls back, the file is removed again, and a deleted attachment's file is
removed only after the deletion has committed.
"""

import os
import secrets
import unicodedata
import zipfile
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core.audit import log_action
from ..core.errors import Refused
from ..core.session import after_commit
from ..extensions import db
from .models import Attachment

MAX_FILE_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024

# Sniffed content type -> the file name extensions that type may keep (the first is used when
# the name says something else).
ALLOWED = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
}
# Office Open XML: the package's main part and the content type [Content_Types].xml gives it.
_OOXML = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
_ODF = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet")
_SMALL_PART = 1024 * 1024

ALLOWED_TEXT = _l(
    "Tillåtna filtyper är PDF, bilder (PNG, JPEG, GIF, WebP) och Office-dokument "
    "(docx, xlsx, pptx, odt, ods)."
)


def format_size(size):
    """10 MB, 512 kB: whole units, as the form's hint writes them."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g}\u00a0MB"
    return f"{max(1, round(size / 1024))}\u00a0kB"


def max_file_bytes():
    return current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_FILE_BYTES)


def _zip_type(path):
    """The Office document type of a zip package, or None for any other zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            mimetype = infos.get("mimetype")
            if mimetype is not None and mimetype.file_size < 200:
                declared = archive.read(mimetype).decode("ascii", "replace").strip()
                return declared if declared in _ODF else None
            types = infos.get("[Content_Types].xml")
            if types is None or types.file_size > _SMALL_PART:
                return None
            content_types = archive.read(types).decode("utf-8", "replace")
            for part, (kind, main_type) in _OOXML.items():
                # Macro-enabled packages (docm, xlsm, pptm) declare another main type.
                if part in infos and main_type in content_types:
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    return None


def sniff(path):
    """The content type of the file at `path` judged from its bytes, or None if not allowed."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(path)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        return None
    return kind.mime


def clean_filename(name, content_type):
    """A display name without directories or control characters, with an extension that
    matches the sniffed type (a PNG named `bild.pdf` becomes `bild.png`)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    extensions = ALLOWED[content_type]
    if ext.lower() not in extensions:
        # A misleading extension is replaced (bild.pdf -> bild.png), anything else kept.
        if not (ext.isalnum() and len(ext) <= 5):
            stem = name
        ext = extensions[0]
    stem = (stem or "bilaga")[:200]
    return f"{stem}.{ext.lower()}"


def storage_path(storage_key):
    return Path(current_app.config["UPLOAD_FOLDER"]) / storage_key[:2] / storage_key


def _remember_new_file(path):
    db.session.info.setdefault("new_attachment_files", []).append(str(path))


@event.listens_for(Session, "after_commit")
def _keep_new_files(session):
    session.info.pop("new_attachment_files", None)


@event.listens_for(Session, "after_soft_rollback")
def _remove_new_files(session, previous_transaction):
    # Only the session's outermost transaction: a savepoint's rollback leaves the rest standing.
    if previous_transaction.parent is not None:
        return
    for name in session.info.pop("new_attachment_files", []):
        Path(name).unlink(missing_ok=True)


def _unlink(name):
    Path(name).unlink(missing_ok=True)


def is_empty_upload(upload):
    """A file input left empty still sends a part without a name."""
    return upload is None or not (upload.filename or "").strip()


def add_attachment(idea, actor, upload):
    """Store an uploaded file on `idea`; refused unless its content is an allowed type."""
    if not idea.can_edit(actor):
        raise Refused(_l("Du kan inte lägga till bilagor på den här idén."))
    display = (upload.filename or "").strip() or "bilaga"
    limit = max_file_bytes()
    key = secrets.token_hex(32)
    path = storage_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(key + ".part")
    size = 0
    try:
        with open(partial, "wb") as out:
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise Refused(
                        _l(
                            "Filen ”%(name)s” är för stor. Den får vara högst %(size)s.",
                            name=display,
                            size=format_size(limit),
                        )
                    )
                out.write(chunk)
        if size == 0:
            raise Refused(_l("Filen ”%(name)s” är tom.", name=display))
        content_type = sniff(partial)
        if content_type is None:
            raise Refused(
                _l(
                    "Filen ”%(name)s” är inte av en tillåten typ. %(allowed)s",
                    name=display,
                    allowed=ALLOWED_TEXT,
                )
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    _remember_new_file(path)
    attachment = Attachment(
        idea_id=idea.id,
        uploader_id=actor.id,
        filename=clean_filename(display, content_type),
        content_type=content_type,
        size=size,
        storage_key=key,
    )
    db.session.add(attachment)
    db.session.flush()
    log_action(
        "idea.attachment_added",
        idea,
        actor=actor,
        attachment=attachment.id,
        filename=attachment.filename,
        content_type=content_type,
        size=size,
    )
    return attachment


def add_attachments(idea, actor, uploads):
    """Store every chosen file; one refused file refuses them all (the caller rolls back)."""
    return [add_attachment(idea, actor, u) for u in uploads if not is_empty_upload(u)]


def delete_attachment(attachment, idea, actor):
    """Remove an attachment; its file goes once the deletion has committed."""
    if attachment.idea_id != idea.id or not idea.is_team(actor):
        raise Refused(_l("Du kan inte ta bort den här bilagan."))
    path = storage_path(attachment.storage_key)
    log_action(
        "idea.attachment_deleted",
        idea,
        actor=actor,
        attachment=attachment.id,
        filename=attachment.filename,
    )
    db.session.delete(attachment)
    db.session.flush()
    after_commit(_unlink, str(path))


def attachments_for(idea):
    return db.session.scalars(
        db.select(Attachment)
        .where(Attachment.idea_id == idea.id)
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
