"""axe-core on every page of the portal: zero WCAG 2.1 AA violations."""

import pytest

from tests.browser.conftest import assert_accessible, log_in, save_screenshots
from tests.constants import WECD_SLUG
from tests.page_list import (
    ANONYMOUS_PAGES,
    EXPERT_PAGES,
    SIGNED_IN_PAGES,
    WECD_URL,
    page_ids,
)


@pytest.mark.parametrize(("name", "url"), ANONYMOUS_PAGES.items())
def test_anonymous_pages_have_no_violations(page, live_demo, name, url):
    page.goto(url.format(**page_ids()))
    assert_accessible(page, name)
    save_screenshots(page, name)


@pytest.mark.parametrize(("name", "url"), SIGNED_IN_PAGES.items())
def test_signed_in_pages_have_no_violations(page, live_demo, name, url):
    log_in(page)
    page.goto(url)
    assert_accessible(page, name)
    save_screenshots(page, name)


@pytest.mark.parametrize(
    ("name", "url", "submit"),
    [
        ("login-errors", "/accounts/login/", "Log in"),
        ("signup-errors", "/accounts/signup/", "Sign up"),
    ],
)
def test_forms_in_error_state_have_no_violations(page, live_demo, name, url, submit):
    page.goto(url)
    # Values that pass the browser's own checks but fail the server's.
    form = page.locator("main form").last
    for field in form.locator("input[type=email]").all():
        field.fill("nobody@example.org")
    for field in form.locator("input[type=password]").all():
        field.fill("a")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".errorlist, [role=alert]").count() > 0
    assert_accessible(page, name)
    save_screenshots(page, name)


def test_contact_form_in_error_state_has_no_violations(page, live_demo):
    log_in(page)
    page.goto(WECD_URL)
    form = page.locator("#contact-author form")
    form.locator("textarea").fill("A message without a subject.")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() > 0
    assert_accessible(page, "contact-errors")
    save_screenshots(page, "contact-errors")


@pytest.mark.parametrize(
    ("name", "url", "field", "value", "submit"),
    [
        ("profile-errors", "/accounts/profile/", "Display name", "", "Save"),
        ("delete-errors", "/accounts/delete/", "Your password", "wrong", "Delete"),
    ],
)
def test_signed_in_forms_in_error_state_have_no_violations(
    page, live_demo, name, url, field, value, submit
):
    log_in(page)
    page.goto(url)
    page.get_by_label(field).fill(value)
    page.get_by_role("button", name=submit).click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() > 0
    assert_accessible(page, name)
    save_screenshots(page, name)


@pytest.mark.parametrize(("name", "url"), EXPERT_PAGES.items())
def test_expert_pages_have_no_violations(page, live_demo, name, url):
    from practices.models import Practice

    practice = Practice.objects.get(slug=WECD_SLUG)
    log_in(page, email="expert@example.org")
    page.goto(url.format(pk=practice.pk))
    assert_accessible(page, name)
    save_screenshots(page, name)


def test_unsubscribe_confirmation_has_no_violations(page, live_demo):
    from accounts.models import User
    from following.tokens import make_unsubscribe_token
    from practices.models import Practice

    reader = User.objects.get(email="reader@example.org")
    practice = Practice.objects.get()
    token = make_unsubscribe_token(user=reader, practice=practice)
    page.goto(f"/following/unsubscribe/{token}/")
    assert_accessible(page, "unsubscribe")
    save_screenshots(page, "unsubscribe")


def test_wizard_steps_and_error_state_have_no_violations(page, live_demo):
    log_in(page)
    page.goto("/publishing/new/")
    page.get_by_label("Summary").fill("Kept while the title is missing.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist, [role=alert]").count() > 0
    assert_accessible(page, "publishing-wizard-error")
    save_screenshots(page, "publishing-wizard-error")
    page.get_by_label("Title").fill("An accessible practice")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    for number in range(2, 8):
        page.goto(page.url.rsplit("/step/", 1)[0] + f"/step/{number}/")
        assert_accessible(page, f"publishing-wizard-step-{number}")
