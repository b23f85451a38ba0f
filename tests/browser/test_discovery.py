"""Journeys of the discovery app: a saved search's alert, a comparison on a phone."""

import re

import pytest

from discovery.models import SavedSearch
from practices.models import Practice, Topic
from publishing.lifecycle import practice_transition
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PracticeFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_save_a_search_then_hear_of_a_matching_practice(
    make_page, live_demo, javascript, mailoutbox
):
    page = make_page(javascript=javascript)
    log_in(page)
    page.goto("/practices/?q=vouchers&country=FR")
    page.get_by_role("link", name="Save this search and hear of new matches").click()
    page.get_by_label("Name").fill("Vouchers in France")
    page.get_by_label(re.compile("At once")).check()
    page.get_by_role("button", name="Save this search").click()
    page.wait_for_url(re.compile("/dashboard/"))
    assert page.get_by_role("link", name="Vouchers in France", exact=True).is_visible()
    saved = SavedSearch.objects.get(name="Vouchers in France")
    assert saved.query == "q=vouchers&country=FR"

    practice = PracticeFactory(
        title="Creative vouchers in Lille",
        description="Vouchers for firms buying creative services.",
        country="FR",
        status=Practice.Status.IN_REVIEW,
        published_at=None,
    )
    staff = practice.author.__class__.objects.get(email="admin@example.org")
    practice_transition(practice=practice, to="published", by=staff)
    run_tasks()
    alerts = [m for m in mailoutbox if "reader@example.org" in m.to]
    assert len(alerts) == 1
    assert "Creative vouchers in Lille" in alerts[0].subject
    page.goto("/dashboard/")
    assert page.get_by_text(
        "A new practice matches your saved search: “Vouchers in France”"
    ).is_visible()


def test_follow_a_topic_from_its_list_then_stop(make_page, live_demo, javascript):
    topic = Topic.objects.order_by("slug").first()
    page = make_page(javascript=javascript)
    log_in(page)
    page.goto(f"/practices/?topic={topic.slug}")
    page.get_by_role("link", name=f"Follow the topic “{topic.name}”").click()
    page.wait_for_url(re.compile("/discover/for-me/"))
    if javascript:  # axe runs in the page: it needs JavaScript.
        assert_accessible(page, "for-me-topic-form")
    page.get_by_role("button", name="Follow this topic").click()
    page.wait_for_url(re.compile("/discover/for-me/"))
    assert page.get_by_text(f"You follow the topic “{topic.name}” now.").is_visible()
    page.goto("/dashboard/")
    page.get_by_role("button", name=f"Stop following the topic {topic.name}").click()
    page.wait_for_url(re.compile("/dashboard/"))
    assert page.get_by_text(
        f"You no longer follow the topic “{topic.name}”."
    ).is_visible()


def test_comparison_stacks_on_a_phone_without_horizontal_scroll(make_page, live_demo):
    PracticeFactory(slug="lyon-vouchers", title="Lyon vouchers", country="FR")
    page = make_page(width=375)
    page.goto(
        "/discover/compare/?p=wallonia-european-creative-district&p=lyon-vouchers"
    )
    assert page.locator(".compare-stacked").is_visible()
    assert not page.locator(".compare-scroll").is_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(page, "compare-phone")
