"""A reader manages their account in a real browser: profile, data, deletion."""

import json

from tests.browser.conftest import log_in


def test_reader_edits_the_profile_downloads_the_data_and_leaves(page, live_demo):
    log_in(page)
    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Job title").fill("Head of creative economy")
    page.get_by_label("Show me in the lists of followers").check()
    page.get_by_role("button", name="Save your profile").click()
    assert (
        page.get_by_role("status")
        .get_by_text("Your profile has been saved.")
        .is_visible()
    )
    assert page.get_by_label("Show me in the lists of followers").is_checked()

    page.locator(".account-nav").get_by_role("link", name="Your data").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    data = json.loads(download.value.path().read_text())
    profile = data["data"]["accounts"]["profile"]
    assert profile["email"] == "reader@example.org"
    assert profile["job_title"] == "Head of creative economy"

    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Your password").fill("wecd-demo-2026")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Your account and your personal data are deleted."
    ).is_visible()
    log_in(page)
    assert page.get_by_text("not correct").is_visible()
