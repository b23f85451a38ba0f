"""A reader records a transfer of WECD, its author confirms it, everyone sees it."""

import re

import pytest

from following.models import Notice
from practices.models import Follow, Practice
from tests.browser.conftest import assert_accessible, log_in, save_screenshots
from tests.constants import WECD_SLUG, WECD_URL
from transfers.models import Interest, Transfer


def log_out(page):
    page.goto("/accounts/logout/")
    page.locator("main").get_by_role("button", name=re.compile("Log out", re.I)).click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_record_confirm_and_see_a_transfer_everywhere(make_page, live_demo):
    from accounts.models import User

    practice = Practice.objects.get(slug=WECD_SLUG)
    follower = User.objects.get(email="expert@example.org")
    Follow.objects.create(user=follower, practice=practice)
    page = make_page()

    # A reader records their region's transfer from the practice page.
    log_in(page)
    page.goto(WECD_URL)
    page.get_by_role("link", name=re.compile("Record it")).click()
    page.get_by_label("Organisation (not listed)").fill("Council of Tampere Region")
    page.get_by_label("Country").select_option("FI")
    page.get_by_label(re.compile("^Region")).fill("Pirkanmaa")
    page.get_by_label("NUTS code").fill("FI197")
    page.get_by_label("Stage").select_option("implemented")
    page.get_by_label("Started (month)").fill("2023-05")
    page.get_by_label("Results so far").fill("Forty firms used the vouchers.")
    page.get_by_role("button", name="Record the transfer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your transfer is recorded.").is_visible()
    transfer = Transfer.objects.get(nuts_code="FI197")
    assert transfer.is_pending
    assert_accessible(page, "transfer-detail-pending")
    log_out(page)

    # The author confirms it.
    log_in(page, email="author@example.org")
    page.goto(f"/transfers/practice/{WECD_SLUG}/dashboard/")
    assert_accessible(page, "transfer-dashboard")
    save_screenshots(page, "transfer-dashboard")
    page.get_by_role("link", name=re.compile("Pirkanmaa")).click()
    page.get_by_label("Confirm: this transfer is real").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_load_state()
    assert page.get_by_text("The transfer is confirmed and now public.").is_visible()
    log_out(page)

    # Anonymous readers see it on the page, in the filter, the API and the feed.
    page.goto(WECD_URL)
    section = page.locator("#transfers")
    assert "Pirkanmaa" in section.inner_text()
    assert "Forty firms used the vouchers." in section.inner_text()
    assert_accessible(page, "practice-with-transfers")
    page.goto("/practices/?transfer_stage=implemented")
    assert page.get_by_role("link", name=practice.title).first.is_visible()
    api = page.request.get("/api/practices/?transferred=true").json()
    regions = {t["region"] for r in api["results"] for t in r["transfers"]}
    assert "Pirkanmaa" in regions
    feed = page.request.get("/feeds/practices.atom").text()
    assert "Pirkanmaa" in feed
    # The follower is told.
    assert Notice.objects.filter(
        user=follower, kind=Notice.Kind.TRANSFER_CONFIRMED
    ).exists()
    assert Notice.objects.filter(
        user=follower, kind=Notice.Kind.TRANSFER_IMPLEMENTED
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_transfer_pages_have_no_violations(make_page, live_demo):
    page = make_page()
    confirmed = Transfer.objects.get(nuts_code="IE05")
    page.goto(confirmed.get_absolute_url())
    assert_accessible(page, "transfer-detail")
    log_in(page, email="ronan.gingles@example.org")
    page.goto(f"/transfers/practice/{WECD_SLUG}/consider/")
    assert_accessible(page, "transfer-consider-with-peers")
    page.goto(f"/transfers/{confirmed.pk}/")
    page.locator("#id_stage").select_option("stopped")
    page.get_by_role("button", name="Save the stage").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() > 0
    assert_accessible(page, "transfer-stage-errors")
    assert Interest.objects.exists()
