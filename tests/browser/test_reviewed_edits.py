"""An author edits a published practice; an expert reviews the edit in a browser."""

import re

from tests.browser.conftest import assert_accessible, log_in

WECD_URL = "/practices/wallonia-european-creative-district/"
TITLE = "Wallonia European Creative District (WECD)"
NEW_TITLE = "Wallonia European Creative District (WECD), 2013–2015"


def test_an_edit_waits_for_the_expert_then_goes_live(make_page, live_demo):
    author = make_page(width=375)
    log_in(author, email="author@example.org")
    author.goto("/publishing/")
    author.get_by_role("link", name=f"Edit {TITLE}").click()
    author.get_by_label("Title").fill(NEW_TITLE)
    author.get_by_role("button", name="Save", exact=True).click()
    assert author.get_by_text("wait for an expert's review").first.is_visible()
    assert_accessible(author, "proposal step")
    # No horizontal scroll at 375 px on the wizard of a published practice.
    assert author.evaluate("document.documentElement.scrollWidth <= 375")

    reader = make_page()
    reader.goto(WECD_URL)
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE

    expert = make_page()
    log_in(expert, email="expert@example.org")
    expert.goto("/publishing/queue/")
    expert.get_by_role("link", name=TITLE).click()
    assert expert.get_by_text(NEW_TITLE).first.is_visible()
    assert_accessible(expert, "review of changes")
    expert.get_by_label("Your expert opinion").fill("Still a model, now dated.")
    expert.get_by_role("button", name="Publish", exact=True).click()
    expert.wait_for_url(re.compile(re.escape(WECD_URL)))

    reader.goto(WECD_URL)
    assert reader.get_by_role("heading", level=1).inner_text() == NEW_TITLE
