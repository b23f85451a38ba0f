"""Phones first: no sideways scroll, the practice at a glance, error summaries."""

import pytest

from tests.browser.conftest import (
    SCREENSHOTS,
    horizontal_overflow,
    log_in,
    save_screenshots,
)
from tests.page_list import (
    ANONYMOUS_PAGES,
    EXPERT_PAGES,
    SIGNED_IN_PAGES,
    WECD_URL,
    page_ids,
)

PHONE_WIDTHS = [320, 375]


def overflowing(page, pages, **ids):
    """The pages wider than the viewport at 320 and 375 px, with by how much."""
    found = []
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in pages.items():
            page.goto(url.format(**ids))
            if extra := horizontal_overflow(page):
                found.append(f"{name} at {width} px: {extra} px too wide")
    return found


def test_no_page_scrolls_sideways_on_a_phone(page, live_demo):
    from accounts.models import User
    from practices.models import Follow, Practice
    from tests.factories import PracticeFactory

    practice = Practice.objects.get(slug="wallonia-european-creative-district")
    # Rows in the tables that become stacked on a phone: the reader's dashboard,
    # their submissions and the expert's review queue.
    reader = User.objects.get(email="reader@example.org")
    Follow.objects.create(user=reader, practice=practice)
    PracticeFactory(
        author=reader,
        status=Practice.Status.IN_REVIEW,
        title="A practice waiting for review with a rather long title",
    )
    found = overflowing(page, ANONYMOUS_PAGES, **page_ids())
    log_in(page)
    found += overflowing(page, SIGNED_IN_PAGES)
    page.context.clear_cookies()
    log_in(page, email="expert@example.org")
    found += overflowing(page, EXPERT_PAGES, pk=practice.pk)
    assert not found, "\n".join(found)


def test_a_page_that_overflows_is_caught(page, live_demo):
    """The check above measures something: a wide element makes it fail."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/privacy/")
    page.evaluate("document.querySelector('main').style.width = '600px'")
    assert horizontal_overflow(page) > 0


def in_first_screen(page, selector, height):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_practice_at_a_glance_is_in_the_first_screen(page, live_demo, signed_in):
    if signed_in:
        log_in(page)
    # A laptop: the whole summary panel and the three actions, without scrolling.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(WECD_URL)
    who = "signed-in" if signed_in else "anonymous"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"practice-first-screen-{who}-desktop.png")
    for selector in [".summary-panel", ".practice-actions"]:
        assert in_first_screen(page, selector, 800), selector
    panel = page.locator(".summary-panel")
    for label in ["Main institution", "Location", "Dates", "Budget and duration"]:
        assert panel.get_by_text(label, exact=True).is_visible()
    assert panel.get_by_text("Expert-reviewed").is_visible()
    actions = page.locator(".practice-actions")
    role, follow = (
        ("button", "Follow this practice")
        if signed_in
        else ("link", "Log in to follow")
    )
    assert actions.get_by_role(role, name=follow).is_visible()
    assert actions.get_by_role("link", name="Contact the author").is_visible()
    opinion = "Read the expert opinion" if signed_in else "Log in to read"
    assert actions.get_by_role("link", name=opinion).is_visible()
    # A phone: the actions and the start of the panel in the first screen.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(WECD_URL)
    who = "signed-in" if signed_in else "anonymous"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"practice-first-screen-{who}-phone.png")
    assert in_first_screen(page, ".practice-actions", 812)
    assert page.locator(".summary-panel").bounding_box()["y"] < 812
    save_screenshots(
        page, f"practice-at-a-glance-{'signed-in' if signed_in else 'anonymous'}"
    )


def test_the_error_summary_links_to_each_invalid_field(page, live_demo):
    log_in(page)
    page.goto(WECD_URL)
    page.locator("#contact-author form [type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    links = summary.get_by_role("link")
    assert [link.inner_text() for link in links.all()] == [
        "Enter a subject",
        "Enter your message",
    ]
    for link in links.all():
        field = page.locator(link.get_attribute("href"))
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby").split()
        messages = " ".join(page.locator(f"#{i}").inner_text() for i in described)
        assert link.inner_text() in messages
        link.click()
        assert page.url.endswith(link.get_attribute("href"))
        assert field.is_visible()


def test_search_filters_collapse_on_a_phone_and_results_come_first(
    make_page, live_demo
):
    page = make_page(javascript=False, width=375)
    page.goto("/practices/")
    filters = page.locator("details.filters")
    assert not filters.evaluate("details => details.open")
    results = page.locator("#results-heading").bounding_box()
    assert results["y"] < 812
    filters.locator("summary").click()
    assert page.get_by_label("Country").is_visible()
    # Once a filter is set the region stays open, so the reader sees it.
    page.goto("/practices/?country=BE")
    assert filters.evaluate("details => details.open")
