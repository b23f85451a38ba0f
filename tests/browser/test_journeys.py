"""What readers do, in a real browser, with JavaScript on and off."""

import re
from datetime import date
from urllib.parse import urlsplit

from practices.models import Practice
from tests.browser.conftest import log_in
from tests.constants import WECD_URL


def test_skip_link_is_first_and_moves_focus_to_the_content(page, live_demo):
    page.goto(WECD_URL)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_focus_is_visible_on_links(page, live_demo):
    page.goto(WECD_URL)
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_browse_from_home_to_a_practice(make_page, live_demo, javascript):
    page = make_page(javascript=javascript)
    page.goto("/")
    latest = page.locator("section[aria-labelledby=latest-heading]")
    latest.get_by_role(
        "link", name="Wallonia European Creative District (WECD)"
    ).click()
    assert page.url.endswith(WECD_URL)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Wallonia European Creative District (WECD)"
    )
    # In the summary panel, in the first screen.
    assert (
        page.locator(".summary-panel")
        .get_by_text("€1,000,000 over 30 months")
        .is_visible()
    )


def test_log_in_from_the_gated_opinion_and_come_back_to_it(
    make_page, live_demo, javascript
):
    page = make_page(javascript=javascript)
    page.goto(WECD_URL)
    assert page.locator("#expert-opinion").get_by_text("SAMPLE OPINION").count() == 0
    page.locator("#expert-opinion").get_by_role("link", name="log in").click()
    page.get_by_label("Email").fill("reader@example.org")
    page.get_by_label("Password").fill("wecd-demo-2026")
    page.get_by_role("button", name=re.compile("^Log in$", re.I)).click()
    page.wait_for_url(re.compile(re.escape(WECD_URL) + "#expert-opinion$"))
    assert page.locator("#expert-opinion").get_by_text("SAMPLE OPINION").is_visible()


def test_language_switch_keeps_the_page(make_page, live_demo, javascript):
    page = make_page(javascript=javascript)
    page.goto(WECD_URL)
    page.locator(".language-switch").get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(f"/fr{re.escape(WECD_URL)}$"))
    assert page.locator("html").get_attribute("lang") == "fr"


def test_logged_in_reader_can_log_out_with_a_post(page, live_demo):
    log_in(page)
    page.goto(WECD_URL)
    page.locator(".site-nav").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator(".site-nav").get_by_role("link", name="Log in").is_visible()


def test_sign_up_verify_the_address_and_read_the_opinion(
    make_page, live_demo, javascript, mailoutbox
):
    page = make_page(javascript=javascript)
    page.goto(WECD_URL)
    page.locator("#expert-opinion").get_by_role("link", name="log in").click()
    page.get_by_role("link", name=re.compile("sign up", re.I)).first.click()
    form = page.locator("main form")
    form.get_by_label(re.compile("^E-?mail", re.I)).fill("new.reader@example.org")
    form.locator("input[name=password1]").fill("a-long-pass-phrase-2026")
    form.locator("input[name=password2]").fill("a-long-pass-phrase-2026")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=re.compile("verify", re.I)).count()

    (message,) = [m for m in mailoutbox if "new.reader@example.org" in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    page.goto(link.group(0))
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        page.locator("main input[name=login]").fill("new.reader@example.org")
        page.locator("main input[name=password]").fill("a-long-pass-phrase-2026")
        page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
        page.wait_for_load_state()
    page.goto(WECD_URL)
    assert page.locator("#expert-opinion").get_by_text("SAMPLE OPINION").is_visible()


def test_contact_the_author(make_page, live_demo, javascript, mailoutbox):
    page = make_page(javascript=javascript)
    page.goto(WECD_URL)
    page.locator("#contact-author").get_by_role("link", name="log in").click()
    page.locator("main input[name=login]").fill("reader@example.org")
    page.locator("main input[name=password]").fill("wecd-demo-2026")
    page.get_by_role("button", name=re.compile("^Log in$", re.I)).click()
    page.wait_for_url(re.compile(re.escape(WECD_URL) + "#contact-author$"))
    form = page.locator("#contact-author form")
    form.get_by_label(re.compile("Subject")).fill("Your financial support axis")
    form.get_by_label(re.compile("Message")).fill("How did St'Art Invest choose?")
    form.get_by_role("button", name="Send to the author").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your message was received").is_visible()
    assert page.get_by_role("heading", name="Your financial support axis").is_visible()
    page.goto("/messages/sent/")
    assert page.get_by_role("link", name="Your financial support axis").is_visible()


def test_follow_and_unfollow_with_javascript_on_and_off(
    make_page, live_demo, javascript
):
    page = make_page(javascript=javascript)
    log_in(page, next_url=WECD_URL)
    page.goto(WECD_URL)
    section = page.locator("#followers")
    actions = page.locator("#follow")
    count_before = int(
        re.search(r"(\d+) (?:person|people) follow", section.inner_text()).group(1)
    )
    actions.get_by_role("button", name="Follow this practice").click()
    stop = actions.get_by_role("button", name="Stop following")
    stop.wait_for()
    if javascript:
        # Focus stays on the button the reader pressed.
        assert stop.evaluate("button => document.activeElement === button")
    else:
        # Back at the top of the page, where the confirmation is.
        assert page.url.endswith(f"{WECD_URL}#main-content")
    assert section.get_by_text(
        f"{count_before + 1} people follow this practice."
    ).is_visible()
    # In the status line with JavaScript, in the page's messages without.
    assert page.get_by_text("You follow this practice now.").first.is_visible()

    page.goto("/dashboard/")
    assert page.get_by_role(
        "link", name="Wallonia European Creative District (WECD)"
    ).is_visible()

    page.goto(WECD_URL)
    actions.get_by_role("button", name="Stop following").click()
    actions.get_by_role("button", name="Follow this practice").wait_for()
    assert section.get_by_text(
        f"{count_before} people follow this practice."
    ).is_visible()


def test_search_with_a_filter_and_share_the_url(make_page, live_demo, javascript):
    page = make_page(javascript=javascript)
    page.goto("/")
    page.locator(".site-nav").get_by_role("link", name="Practices").click()
    search = page.get_by_role("search")
    search.get_by_label("Search", exact=True).fill("creative district")
    filters = search.locator("details")
    if not filters.evaluate("details => details.open"):
        filters.locator("summary").click()
    search.get_by_label("Country").select_option("BE")
    search.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "q=creative+district" in page.url and "country=BE" in page.url
    result = page.get_by_role("link", name="Wallonia European Creative District (WECD)")
    assert result.is_visible()
    assert page.locator(".card__snippet mark").count() > 0
    # The URL alone gives the same results: it can be bookmarked and shared.
    address = urlsplit(page.url)
    shared = make_page(javascript=javascript)
    shared.goto(f"{address.path}?{address.query}")
    assert shared.get_by_role(
        "link", name="Wallonia European Creative District (WECD)"
    ).is_visible()
    result.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Wallonia")


def add_indicator(page, row, name, achieved):
    page.locator(f"input[name='indicators-{row}-name']").fill(name)
    page.locator(f"input[name='indicators-{row}-unit']").fill("people")
    page.locator(f"input[name='indicators-{row}-achieved_value']").fill(achieved)
    page.locator(f"input[name='indicators-{row}-achieved_year']").fill("2023")
    page.locator(f"input[name='indicators-{row}-order']").fill(str(row))


def test_submit_a_practice_through_the_wizard(make_page, live_demo, javascript):
    """Seven steps, an error on the way that keeps what was typed, then review."""
    page = make_page(javascript=javascript)
    log_in(page, email="author@example.org")
    page.goto("/publishing/new/")
    page.get_by_label("Summary").fill("Kept through an error")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Summary").input_value() == "Kept through an error"

    page.get_by_label("Title").fill("Makers' district of Namur")
    page.get_by_label("Description").fill("A district where makers share workshops.")
    page.locator("input[name='practice-topics']").first.check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=re.compile("Step 2 of 7")).is_visible()

    page.locator("select[name='practice-main_institution']").select_option(index=1)
    page.locator("select[name='practice-country']").select_option("BE")
    page.get_by_label(re.compile("^Start")).fill("2021-09")
    for number in range(2, 7):
        if number == 6:
            # Two indicators: the second row appears once the first is saved.
            add_indicator(page, 0, "Workshops opened", "12")
            page.get_by_role("button", name="Save", exact=True).click()
            page.wait_for_load_state()
            add_indicator(page, 1, "Makers in residence", "40")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
        assert page.get_by_role(
            "heading", name=re.compile(f"Step {number + 1} of 7")
        ).is_visible()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert page.get_by_text("In review").first.is_visible()
    practice = Practice.objects.get(title="Makers' district of Namur")
    assert practice.status == Practice.Status.IN_REVIEW
    assert practice.author.email == "author@example.org"
    assert (practice.country.code, practice.start_date) == ("BE", date(2021, 9, 1))
    assert practice.summary == "Kept through an error"
    assert [i.name for i in practice.indicators.all()] == [
        "Workshops opened",
        "Makers in residence",
    ]
    page.goto(f"/publishing/{practice.pk}/preview/")
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader", name=re.compile("Makers in")).is_visible()
