"""Images: checked by content, metadata stripped, served in a few widths."""

import io
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from evidence.models import PracticeImage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def picture(kind="JPEG", size=(2000, 1000), exif=True):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    options = {}
    if exif:
        data = image.getexif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "Where-I-Live-Editor"  # Software
        options["exif"] = data
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def upload(client, practice, content, name="photo.jpg", alt="Designers at work"):
    return client.post(
        reverse("evidence:documents", args=[practice.pk]),
        {
            "kind": "image",
            "image-alt": alt,
            "image-caption": "Namur, 2014",
            "image-image": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_an_image_is_stored_in_widths_without_metadata(
    author_client, draft, kind, content_type
):
    response = upload(author_client, draft, picture(kind), name="x.bin")
    assert response.status_code == HTTPStatus.FOUND
    image = PracticeImage.objects.get()
    assert image.content_type == content_type
    assert [(w, h) for w, h, _name in image.variants] == [
        (480, 240),
        (960, 480),
        (1600, 800),
    ]
    assert (image.width, image.height) == (1600, 800)
    for _w, _h, name in image.variants:
        data = default_storage.open(name).read()
        assert b"SecretCam" not in data and b"Where-I-Live" not in data
        assert not Image.open(io.BytesIO(data)).getexif()


def test_a_small_image_is_never_enlarged(author_client, draft):
    upload(author_client, draft, picture(size=(300, 200)))
    assert PracticeImage.objects.get().variants[0][:2] == [300, 200]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7\n%%EOF\n", "renamed.png", "not a JPEG, PNG or WebP image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "drawing.png",
            "not a JPEG, PNG or WebP image",
        ),
        (picture("GIF", exif=False), "anim.gif", "not a JPEG, PNG or WebP image"),
        (picture()[:400], "cut.jpg", "not a JPEG, PNG or WebP image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png", "not a JPEG, PNG or WebP"),
    ],
)
def test_a_file_that_is_no_image_is_refused(
    author_client, draft, content, name, message
):
    response = upload(author_client, draft, content, name, alt="Kept alt text")
    assertContains(response, message, status_code=HTTPStatus.BAD_REQUEST)
    assertContains(response, "Kept alt text", status_code=HTTPStatus.BAD_REQUEST)
    assert not PracticeImage.objects.exists()
    assert not default_storage.exists("practice-images")


def test_a_decompression_bomb_is_refused(author_client, draft, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    for size in ((150, 100), (500, 500)):  # over the limit, and over twice it
        response = upload(author_client, draft, picture("PNG", size, exif=False))
        assertContains(response, "too many pixels", status_code=400)
    assert not PracticeImage.objects.exists()


def test_an_image_over_5_mb_is_refused(author_client, draft, monkeypatch):
    monkeypatch.setattr("evidence.images.MAX_IMAGE_BYTES", 100)
    response = upload(author_client, draft, picture())
    assertContains(response, "larger than 5 MB", status_code=400)


def test_the_text_alternative_is_required(author_client, draft):
    response = upload(author_client, draft, picture(), alt="")
    assertContains(response, "This field is required.", status_code=400)
    assert not PracticeImage.objects.exists()


@pytest.fixture
def stored(author_client, draft):
    upload(author_client, draft, picture())
    return PracticeImage.objects.get()


def test_the_page_shows_the_image_with_srcset_and_size(client, stored):
    practice = stored.practice
    practice.status = practice.Status.PUBLISHED
    practice.published_at = practice.created_at
    practice.save()
    client.logout()
    response = client.get(practice.get_absolute_url())
    assertContains(response, 'alt="Designers at work"')
    assertContains(response, 'loading="lazy"')
    assertContains(response, 'width="1600" height="800"')
    assertContains(response, f"{stored.url_for(480)} 480w, {stored.url_for(960)} 960w")
    assertContains(response, "<figcaption>Namur, 2014</figcaption>")
    served = client.get(stored.url_for(480))
    assert served.status_code == HTTPStatus.OK
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "public" in served["Cache-Control"]
    assert client.get(stored.url_for(333)).status_code == HTTPStatus.NOT_FOUND


def test_a_drafts_image_is_private(client, stored):
    assert client.get(stored.url_for(480)).status_code == HTTPStatus.OK
    client.logout()
    assert client.get(stored.url_for(480)).status_code == HTTPStatus.NOT_FOUND
    client.force_login(UserFactory(verified=True))
    assert client.get(stored.url_for(480)).status_code == HTTPStatus.NOT_FOUND


def test_deleting_an_image_deletes_its_files(
    author_client, stored, django_capture_on_commit_callbacks
):
    names = [name for _w, _h, name in stored.variants]
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            reverse("evidence:image-delete", args=[stored.pk])
        )
    assert response.status_code == HTTPStatus.FOUND
    assert not any(default_storage.exists(name) for name in names)


def test_images_go_with_their_practice(stored, django_capture_on_commit_callbacks):
    names = [name for _w, _h, name in stored.variants]
    with django_capture_on_commit_callbacks(execute=True):
        stored.practice.delete()
    assert not any(default_storage.exists(name) for name in names)
