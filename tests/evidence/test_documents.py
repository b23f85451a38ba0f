"""Documents behind a practice: checked by content, served as private as drafts."""

import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from evidence.models import Document
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zipped("[Content_Types].xml", "word/document.xml")
XLSX = zipped("[Content_Types].xml", "xl/workbook.xml")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def upload(client, practice, content, name="report.pdf", **fields):
    data = {"title": "Final report", "language": "fr"} | fields
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("evidence:documents", args=[practice.pk]), data)


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PDF, "report.pdf", "application/pdf"),
        (DOCX, "call.docx", "application/vnd.openxmlformats-officedocument."),
        (XLSX, "table.xlsx", "application/vnd.openxmlformats-officedocument."),
        # Checked by content: a PDF with another name is still a PDF.
        (PDF, "report.docx", "application/pdf"),
    ],
)
def test_the_author_adds_a_document(author_client, draft, content, name, kind):
    response = upload(author_client, draft, content, name)
    assert response.status_code == HTTPStatus.FOUND
    document = Document.objects.get()
    assert document.content_type.startswith(kind)
    assert document.size == len(content)
    assert (document.practice, document.language) == (draft, "fr")
    # Stored under an unguessable name with the extension of its real type.
    assert not document.file.name.endswith(name)
    assert document.file.name.endswith(document.extension)
    assert default_storage.exists(document.file.name)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (SVG, "drawing.pdf"),
        (HTML, "page.pdf"),
        (EXE, "setup.docx"),
        (PNG, "picture.pdf"),
        (b"just some words", "notes.pdf"),
        (zipped("a.txt"), "archive.docx"),
    ],
)
def test_a_file_that_is_no_document_is_refused(author_client, draft, content, name):
    response = upload(author_client, draft, content, name, title="Kept title")
    assertContains(response, "is not a PDF, ODT, DOCX or XLSX", status_code=400)
    assertContains(response, "Kept title", status_code=400)
    assert not Document.objects.exists()


def test_an_empty_file_and_a_missing_title_are_refused(author_client, draft):
    response = upload(author_client, draft, b"", title="")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "The submitted file is empty.", status_code=400)
    assertContains(response, "This field is required.", status_code=400)


def test_a_document_over_the_limit_is_refused(author_client, draft, monkeypatch):
    monkeypatch.setattr("evidence.forms.MAX_DOCUMENT_BYTES", len(PDF) - 1)
    response = upload(author_client, draft, PDF)
    assertContains(response, "larger than 20 MB", status_code=400)
    assert not Document.objects.exists()


def test_a_request_over_the_upload_limit_gets_the_413_page(
    author_client, draft, settings
):
    settings.MAX_UPLOAD_BODY_BYTES = 10_000
    response = upload(author_client, draft, PDF + b"0" * 20_000)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assertContains(response, "<html", status_code=413)
    assert not Document.objects.exists()


def test_other_forms_keep_the_small_limit(author_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1_000
    response = author_client.post(
        reverse("publishing:new"), {"practice-description": "x" * 5_000}
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


@pytest.fixture
def stored(author_client, draft):
    upload(author_client, draft, PDF, title="Évaluation finale 2015")
    return Document.objects.get()


def test_the_download_is_an_attachment_never_sniffed(author_client, stored):
    response = author_client.get(stored.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="evaluation-finale-2015.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_a_drafts_document_is_hidden_from_others(client, stored):
    client.logout()
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(verified=True))
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_a_published_practice_lists_its_documents(client, stored):
    practice = stored.practice
    practice.status = practice.Status.PUBLISHED
    practice.published_at = practice.created_at
    practice.save()
    response = client.get(practice.get_absolute_url())
    assertContains(response, 'id="documents"')
    assertContains(response, "Évaluation finale 2015")
    assertContains(response, f"PDF, {len(PDF)}\xa0bytes")
    assertContains(response, '<span lang="fr">French</span>')
    download = client.get(stored.get_absolute_url())
    assert download.status_code == HTTPStatus.OK
    api = client.get(reverse("opendata:api-detail", args=[practice.slug])).json()
    assert api["documents"][0]["format"] == "PDF"
    assert api["documents"][0]["url"].endswith(stored.get_absolute_url())


def test_deleting_a_document_deletes_its_file(
    author_client, stored, django_capture_on_commit_callbacks
):
    name = stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            reverse("evidence:document-delete", args=[stored.pk])
        )
    assert response.status_code == HTTPStatus.FOUND
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


def test_others_cannot_delete_a_document(client, stored):
    client.force_login(UserFactory(verified=True))
    response = client.post(reverse("evidence:document-delete", args=[stored.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Document.objects.exists()


def test_files_go_with_their_practice(stored, django_capture_on_commit_callbacks):
    name = stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        stored.practice.delete()
    assert not default_storage.exists(name)


def test_the_documents_page_is_linked_from_the_evidence_step(author_client, draft):
    step = reverse("publishing:step", kwargs={"pk": draft.pk, "number": 6})
    assertContains(
        author_client.get(step), reverse("evidence:documents", args=[draft.pk])
    )


def test_documents_cannot_change_while_in_review(author_client, draft):
    draft.status = draft.Status.IN_REVIEW
    draft.save()
    response = upload(author_client, draft, PDF)
    assert response.status_code == HTTPStatus.FOUND
    assert not Document.objects.exists()


def test_a_practice_without_documents_has_no_section(client):
    practice = PracticeFactory()
    assertNotContains(client.get(practice.get_absolute_url()), 'id="documents"')
