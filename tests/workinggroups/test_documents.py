"""Documents: links and uploads whose type is read from the content, kept in storage under
a random name and served only through the view that checks who may read them."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import Document
from workinggroups.selectors import documents_visible_to
from workinggroups.services.documents import (
    DOCX,
    MARKDOWN,
    ODT,
    PDF,
    document_add,
    document_remove,
    document_type_of,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = _zip(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types><Override PartName='
        b'"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
ODT_BYTES = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
)
PLAIN_ZIP = _zip({"notes.txt": b"hello"})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WORKINGGROUPS_DOCUMENT_MAX_BYTES = 10_000


def _upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _add(world, name="report.pdf", content=PDF_BYTES, visibility="members", actor=None):
    return document_add(
        actor=actor or world.member,
        group=world.group,
        title="Evaluation report",
        version="1.0",
        visibility=visibility,
        upload=_upload(name, content),
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (DOCX_BYTES, DOCX),
        (ODT_BYTES, ODT),
        ("# Minutes\n\nÜbersicht — 日本".encode(), MARKDOWN),
        (PNG_BYTES, None),
        (EXE_BYTES, None),
        (PLAIN_ZIP, None),
        (b"# text with a \x00 byte", None),
        (b"\xff\xfe not UTF-8 \xc3\x28", None),
    ],
)
def test_the_type_is_read_from_the_content(content, expected):
    assert document_type_of(io.BytesIO(content)) == expected


def test_a_pdf_is_stored_under_a_random_name_with_the_type_found(world):
    document = _add(world, name="../../etc/Evaluation report.pdf")

    assert document.content_type == "application/pdf"
    assert document.file.name.startswith("workinggroups/documents/")
    assert document.file.name.endswith(".pdf")
    assert "report" not in document.file.name
    assert ".." not in document.file.name
    assert default_storage.exists(document.file.name)
    entry = audit_of(world.group).get()
    assert entry.verb == "document.added"
    assert entry.context["title"] == "Evaluation report"


def test_a_forged_extension_is_refused(world):
    with pytest.raises(ApplicationError, match="PDF, ODT, DOCX or Markdown") as refused:
        _add(world, name="report.pdf", content=EXE_BYTES)
    assert "file" in refused.value.errors
    assert not Document.objects.exists()


def test_an_image_sent_as_a_pdf_content_type_is_refused(world):
    with pytest.raises(ApplicationError, match="PDF, ODT, DOCX or Markdown"):
        _add(world, name="scan.pdf", content=PNG_BYTES)


def test_a_name_that_claims_another_type_than_the_content_is_refused(world):
    with pytest.raises(ApplicationError, match="name says DOCX but it is a PDF"):
        _add(world, name="report.docx", content=PDF_BYTES)
    with pytest.raises(ApplicationError, match="name says PDF but it is a Markdown"):
        _add(world, name="report.pdf", content=b"<html><script>alert(1)</script></html>")


def test_a_plain_zip_named_docx_is_refused(world):
    with pytest.raises(ApplicationError, match="PDF, ODT, DOCX or Markdown"):
        _add(world, name="report.docx", content=PLAIN_ZIP)


def test_a_file_over_the_limit_is_refused(world, settings):
    settings.WORKINGGROUPS_DOCUMENT_MAX_BYTES = 100

    with pytest.raises(ApplicationError, match="larger than"):
        _add(world, content=PDF_BYTES + b"%" * 200)
    assert not Document.objects.exists()


def test_a_link_or_a_file_but_not_both(world):
    with pytest.raises(ApplicationError, match="one of the two"):
        document_add(
            actor=world.member,
            group=world.group,
            title="Both",
            visibility="public",
            link="https://example.org/paper",
            upload=_upload("a.pdf", PDF_BYTES),
        )
    document = document_add(
        actor=world.member,
        group=world.group,
        title="White paper",
        visibility="public",
        link="https://example.org/paper",
    )
    assert document.link == "https://example.org/paper"


def test_only_members_add_documents(world):
    with pytest.raises(PermissionDenied):
        _add(world, actor=world.outsider)


def test_the_uploader_or_a_lead_removes_a_document_and_its_file_goes(
    world, django_capture_on_commit_callbacks
):
    first, second = _add(world), _add(world)
    with pytest.raises(PermissionDenied):
        document_remove(actor=world.other_member, document=first)

    with django_capture_on_commit_callbacks(execute=True):
        document_remove(actor=world.member, document=first)
        document_remove(actor=world.lead, document=second)

    assert not Document.objects.exists()
    assert not default_storage.exists(first.file.name)
    assert [e.verb for e in audit_of(world.group)][-2:] == ["document.removed"] * 2


# --- Serving the files


def _file_url(world, document):
    return reverse("workinggroups:document_file", args=[world.group.slug, document.pk])


def test_a_member_downloads_a_members_only_file_as_an_attachment(client, world):
    document = _add(world)
    client.force_login(world.other_member)

    response = client.get(_file_url(world, document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_a_members_only_file_is_refused_to_non_members(client, world):
    document = _add(world)
    url = _file_url(world, document)

    visitor = client.get(url)
    client.force_login(world.outsider)
    outsider = client.get(url)

    assert visitor.status_code == 302
    assert reverse("account_login") in visitor["Location"]
    assert outsider.status_code == 404


def test_the_storage_path_itself_is_never_served(client, world, settings):
    document = _add(world, visibility="public")
    client.force_login(world.member)

    for prefix in ("/media/", f"/{settings.MEDIA_URL.strip('/')}/", "/"):
        assert client.get(prefix + document.file.name).status_code == 404


def test_a_public_file_is_served_to_visitors(client, world):
    document = _add(world, name="notes.md", content=b"# Notes\n", visibility="public")

    response = client.get(_file_url(world, document))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-report.md"'


def test_a_file_of_another_group_is_404(client, world):
    document = _add(world, visibility="public")
    other = reverse("workinggroups:document_file", args=["other-group", document.pk])
    client.force_login(world.member)

    assert client.get(other).status_code == 404


# --- The list


def test_visitors_see_public_documents_and_members_see_all_marked(client, world):
    _add(world, visibility="public")
    document_add(
        actor=world.member,
        group=world.group,
        title="Internal draft",
        visibility="members",
        link="https://example.org/draft",
    )
    url = reverse("workinggroups:documents", args=[world.group.slug])

    visitor = client.get(url).content.decode()
    client.force_login(world.member)
    member = client.get(url).content.decode()

    assert "Evaluation report" in visitor
    assert "Internal draft" not in visitor
    assert "Internal draft" in member
    assert "Members only" in member
    assert [d.title for d in documents_visible_to(world.outsider, world.group)] == [
        "Evaluation report"
    ]


def test_the_upload_form_adds_a_document_and_shows_a_refusal_beside_the_field(client, world):
    client.force_login(world.member)
    url = reverse("workinggroups:document_new", args=[world.group.slug])

    added = client.post(
        url,
        {"title": "Plan", "visibility": "public", "file": _upload("plan.odt", ODT_BYTES)},
    )
    refused = client.post(
        url,
        {"title": "Bad", "visibility": "public", "file": _upload("bad.pdf", EXE_BYTES)},
    )

    assert added.status_code == 302
    assert Document.objects.get().content_type == ODT.content_type
    assert refused.status_code == 400
    assert "This file is none of PDF, ODT, DOCX or Markdown." in refused.content.decode()
