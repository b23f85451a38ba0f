"""Migration discovery/0002: the former saved-search alerts become notices."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from following.models import Frequency, Notice
from tests.factories import PracticeFactory, UserFactory

BEFORE = [("discovery", "0001_saved_searches")]
AFTER = [("discovery", "0002_topic_follows_alerts_as_notices")]


@pytest.mark.django_db(transaction=True)
def test_each_alert_becomes_one_notice_sent_or_not_as_it_was():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    SavedSearch = old.get_model("discovery", "SavedSearch")
    SearchAlert = old.get_model("discovery", "SearchAlert")
    member = UserFactory()
    practice, other = PracticeFactory(), PracticeFactory()
    france = SavedSearch.objects.create(
        user_id=member.pk, name="France", query="country=FR", frequency="weekly"
    )
    vouchers = SavedSearch.objects.create(
        user_id=member.pk, name="Vouchers", query="q=vouchers", frequency="never"
    )
    sent = SearchAlert.objects.create(saved_search=france, practice_id=practice.pk)
    SearchAlert.objects.filter(pk=sent.pk).update(emailed_at=sent.created_at)
    # The same practice found by a second search: still one notice.
    SearchAlert.objects.create(saved_search=vouchers, practice_id=practice.pk)
    SearchAlert.objects.create(saved_search=vouchers, practice_id=other.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    notices = {
        notice.practice_id: notice
        for notice in Notice.objects.filter(user=member, kind="search_match")
    }
    assert set(notices) == {practice.pk, other.pk}
    first = notices[practice.pk]
    assert (first.about, first.frequency) == ("France", Frequency.WEEKLY)
    assert first.emailed_at == sent.created_at
    assert first.created_at == sent.created_at
    second = notices[other.pk]
    assert (second.about, second.frequency, second.emailed_at) == (
        "Vouchers",
        Frequency.NEVER,
        None,
    )
    assert {n.change_key for n in notices.values()} == {Notice.NEW_PRACTICE_KEY}
