"""An author completes a draft's evidence in a browser, then submits it for review."""

import io
import re

from django.template.defaultfilters import filesizeformat
from PIL import Image

from accounts.models import User
from practices.models import Practice
from tests.browser.conftest import log_in
from tests.browser.test_journeys import add_indicator
from tests.factories import PracticeFactory

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def a_png(width=1200, height=800):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def spaced(text):
    return text.replace("\xa0", " ")


def test_upload_evidence_add_indicators_and_submit(page, live_demo):
    author = User.objects.get(email="author@example.org")
    practice = PracticeFactory(draft=True, author=author, title="Makers' yard")
    log_in(page, email="author@example.org")

    # Complete before review: no indicator yet, so the submission is refused.
    page.goto(f"/publishing/{practice.pk}/step/7/")
    with page.expect_response(re.compile("/submit/$")) as refusal:
        page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert refusal.value.status == 400
    error = page.locator("li.message--error", has_text="at least one result indicator")
    assert error.first.is_visible()
    missing = page.locator("#missing-sections")
    assert missing.get_by_role("link", name="at least one result indicator").count()
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT

    page.goto(f"/evidence/{practice.pk}/documents/")
    form = page.locator("form", has=page.locator("input[value=image]"))
    form.get_by_label("Image").set_input_files(
        {"name": "yard.png", "mimeType": "image/png", "buffer": a_png()}
    )
    form.get_by_label(re.compile("^Text alternative|^Alt", re.I)).fill(
        "Makers at work in the yard"
    )
    form.get_by_role("button", name="Add the image").click()
    page.wait_for_load_state()
    assert page.get_by_text("The image is added.").is_visible()

    form = page.locator("form", has=page.get_by_role("button", name="Add the document"))
    form.get_by_label("Title").fill("Yard report 2023")
    form.get_by_label("File").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Add the document").click()
    page.wait_for_load_state()
    assert page.get_by_text("The document is added.").is_visible()

    page.goto(f"/publishing/{practice.pk}/step/6/")
    add_indicator(page, 0, "Workshops opened", "12")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    add_indicator(page, 1, "Makers in residence", "40")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert page.locator("#missing-sections").count() == 0
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert page.get_by_text("In review").first.is_visible()
    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW

    page.goto(f"/publishing/{practice.pk}/preview/")
    image = practice.images.get()
    shown = page.get_by_role("img", name="Makers at work in the yard")
    assert shown.get_attribute("width") == str(image.width) == "1200"
    assert shown.get_attribute("height") == str(image.height) == "800"
    assert re.search(r" 480w, .* 960w", shown.get_attribute("srcset"))
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")

    document = practice.documents.get()
    link = page.get_by_role("link", name="Yard report 2023")
    item = page.locator("li", has=link)
    assert spaced(filesizeformat(document.size)) in spaced(item.inner_text())
    download = page.request.get(link.get_attribute("href"))
    assert download.ok
    assert download.body() == PDF
    assert download.headers["content-disposition"].startswith("attachment")

    table = page.get_by_role("table")
    for name in ("Workshops opened", "Makers in residence"):
        assert table.get_by_role("rowheader", name=name).is_visible()
