"""The pages of issue 18's last parts, in a browser: axe, and no third party."""

import re

from tests.browser.conftest import assert_accessible, log_in
from tests.constants import WECD_SLUG, WECD_URL


def test_videos_policy_tags_and_confirmation_pages(page, live_demo):
    from practices.models import Practice

    practice = Practice.objects.get(slug=WECD_SLUG)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, email="author@example.org")

    page.goto(f"/policies/{practice.pk}/")
    assert_accessible(page, "policies-edit")
    page.get_by_label("SDG 4 · Quality education").check()
    page.get_by_role("button", name="Save the policy objectives").click()
    page.wait_for_load_state()

    page.goto(f"/evidence/{practice.pk}/documents/")
    form = page.locator("form", has=page.locator("input[value=video]"))
    form.get_by_label("Title").fill("Creative district tour")
    form.get_by_label("Address").fill("http://example.org/tour")
    form.get_by_role("button", name="Add the video").click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() > 0
    assert_accessible(page, "videos-errors")
    form = page.locator("form", has=page.locator("input[value=video]"))
    form.get_by_label("Address").fill("https://videos.example.org/tour")
    form.get_by_role("button", name="Add the video").click()
    page.wait_for_load_state()

    requested.clear()
    page.goto(WECD_URL)
    assert page.get_by_text("Quality education").count() == 1
    assert page.locator("#videos iframe").count() == 0
    assert all(url.startswith(page.url.split("/practices/")[0]) for url in requested)
    page.get_by_role("link", name="Load the video").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Watch it on videos.example.org").count()
    assert_accessible(page, "video")

    page.goto(f"/evidence/{practice.pk}/still-true/")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() > 0
    assert_accessible(page, "confirm-errors")

    page.goto("/accounts/logout/")
    page.locator("main").get_by_role("button", name=re.compile("Log out", re.I)).click()
    log_in(page, email="admin@example.org")
    page.goto("/evidence/unconfirmed/")
    assert_accessible(page, "unconfirmed")
