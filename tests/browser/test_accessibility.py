"""axe-core on every page of the portal: zero WCAG 2.1 AA violations."""

import pytest

from tests.browser.conftest import assert_accessible, log_in, save_screenshots

WECD_URL = "/practices/wallonia-european-creative-district/"

ANONYMOUS_PAGES = {
    "home": "/",
    "practice-list": "/practices/",
    "practice-list-filtered": "/practices/?country=BE&period=finished&sort=title",
    "practice-search": "/practices/?q=creative+vouchers&topic=access-to-finance",
    "practice-search-errors": "/practices/?year_from=soon&sort=sideways",
    "practice-anonymous": WECD_URL,
    "practice-french": f"/fr{WECD_URL}",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
    "not-found": "/no-such-page/",
}

SIGNED_IN_PAGES = {
    "practice-signed-in": WECD_URL,
    "password-change": "/accounts/password/change/",
    "email": "/accounts/email/",
}


@pytest.mark.parametrize(("name", "url"), ANONYMOUS_PAGES.items())
def test_anonymous_pages_have_no_violations(page, live_demo, name, url):
    page.goto(url)
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
        ("login-errors", "/accounts/login/", "Sign In"),
        ("signup-errors", "/accounts/signup/", "Sign Up"),
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
