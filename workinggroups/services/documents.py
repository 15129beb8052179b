"""The group's documents: links, and files kept in Django's default storage.

An uploaded file's type is read from its content, never from its name or the browser's
content type: PDF by its signature, ODT and DOCX by what their zip container holds (the
`mimetype` member, [Content_Types].xml), Markdown as UTF-8 text without NUL bytes. Files
are stored under a random name (never the uploader's file name as a path) and served only
through a view that checks who may read them (workinggroups/views/documents.py).
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from members.models import User
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from workinggroups import audit
from workinggroups.models import Document, WorkingGroup
from workinggroups.permissions import can_add_document, can_remove_document
from workinggroups.services.record_common import require, validated

__all__ = ["DocumentType", "document_add", "document_remove", "document_type_of"]


@dataclass(frozen=True)
class DocumentType:
    name: str
    content_type: str
    extension: str


PDF = DocumentType("PDF", "application/pdf", ".pdf")
ODT = DocumentType("ODT", "application/vnd.oasis.opendocument.text", ".odt")
DOCX = DocumentType(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
MARKDOWN = DocumentType("Markdown", "text/markdown; charset=utf-8", ".md")
TYPES = (PDF, ODT, DOCX, MARKDOWN)
# What a file's name may claim, for the check that it does not claim another type.
_CLAIMS = {
    ".pdf": PDF,
    ".odt": ODT,
    ".docx": DOCX,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
}
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ZIP_MEMBER_LIMIT = 256 * 1024  # the bytes read of [Content_Types].xml or mimetype at most


def _refused() -> ApplicationError:
    return ApplicationError(
        _("Upload a PDF, ODT, DOCX or Markdown file."),
        errors={"file": [_("This file is none of PDF, ODT, DOCX or Markdown.")]},
    )


def _zip_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as member:
            return member.read(_ZIP_MEMBER_LIMIT)
    except KeyError:
        return b""


def _office_type(stream: IO[bytes]) -> DocumentType | None:
    """ODT or DOCX from what the zip container holds; None for any other zip."""
    try:
        with zipfile.ZipFile(stream) as archive:
            if _zip_member(archive, "mimetype").strip() == ODT.content_type.encode():
                return ODT
            if _DOCX_MAIN in _zip_member(archive, "[Content_Types].xml"):
                return DOCX
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def _is_markdown(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def document_type_of(stream: IO[bytes]) -> DocumentType | None:
    """The file's type read from its content, or None when it is none of TYPES."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime == PDF.content_type:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        found = _office_type(stream)
        stream.seek(0)
        return found
    if guessed is not None:  # an image, an archive, an executable...
        return None
    content = stream.read()
    stream.seek(0)
    return MARKDOWN if _is_markdown(content) else None


def _checked_upload(upload: UploadedFile) -> DocumentType:
    limit = settings.WORKINGGROUPS_DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            errors={"file": [_("At most %(limit)s.") % {"limit": filesizeformat(limit)}]},
        )
    found = document_type_of(upload)
    if found is None:
        raise _refused()
    claimed = _CLAIMS.get(PurePath(upload.name or "").suffix.lower())
    if claimed is not None and claimed != found:
        raise ApplicationError(
            _("The file's name says %(claimed)s but it is a %(found)s file.")
            % {"claimed": claimed.name, "found": found.name},
            errors={"file": [_("Its name and its content disagree.")]},
        )
    return found


def document_add(
    *,
    actor: User,
    group: WorkingGroup,
    title: str,
    visibility: str,
    version: str = "",
    link: str = "",
    upload: UploadedFile | None = None,
) -> Document:
    """Add a document to the group: a link or an uploaded file, not both.

    Guarantees: a member or lead of the group; a file's type read from its content (PDF,
    ODT, DOCX, Markdown) and its size at most WORKINGGROUPS_DOCUMENT_MAX_BYTES; the file
    stored under a random name with the content type found; audited.
    """
    require(can_add_document(actor, group))
    if bool(link) == (upload is not None):
        raise ApplicationError(
            _("Give a link or upload a file (one of the two)."),
            errors={"link": [_("A link or a file, not both.")]},
        )
    document = Document(
        group=group,
        title=title.strip(),
        version=version.strip(),
        link=link.strip(),
        visibility=visibility,
        added_by=actor,
    )
    if upload is not None:
        found = _checked_upload(upload)
        document.content_type = found.content_type
        document.file.save(f"{uuid.uuid4().hex}{found.extension}", upload, save=False)
    try:
        validated(document)
        with transaction.atomic():
            document.save()
            audit_record(
                actor=actor,
                subject=group,
                verb=audit.DOCUMENT_ADDED,
                after={"visibility": document.visibility},
                context={
                    "document": document.pk,
                    "title": document.title,
                    "members_only": document.visibility == Document.Visibility.MEMBERS,
                },
            )
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def document_remove(*, actor: User, document: Document) -> None:
    """A lead or whoever added it removes a document; its file leaves storage once the
    removal is committed. Audited."""
    require(can_remove_document(actor, document))
    stored = document.file.name or ""
    storage = document.file.storage
    with transaction.atomic():
        audit_record(
            actor=actor,
            subject=document.group,
            verb=audit.DOCUMENT_REMOVED,
            before={"visibility": document.visibility},
            context={"document": document.pk, "title": document.title},
        )
        document.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
