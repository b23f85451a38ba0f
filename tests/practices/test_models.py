import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.models import Practice, PracticeItem
from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"start_date": datetime.date(2013, 1, 15)},
        {"end_date": datetime.date(2015, 10, 31)},
        {
            "start_date": datetime.date(2016, 1, 1),
            "end_date": datetime.date(2015, 1, 1),
        },
        {"budget_amount": Decimal("-1")},
        {"duration_months": 0},
        {"status": Practice.Status.PUBLISHED, "published_at": None},
        {"slug": ""},
    ],
    ids=[
        "start-not-a-month",
        "end-not-a-month",
        "end-before-start",
        "negative-budget",
        "zero-duration",
        "published-without-date",
        "empty-slug",
    ],
)
def test_practice_constraints_are_enforced_by_the_database(fields):
    assert_rejected_by_database(PracticeFactory, **fields)


def test_practice_validation_explains_the_month_rule():
    practice = PracticeFactory.build(
        main_institution=OrganisationFactory(),
        author=UserFactory(),
        start_date=datetime.date(2013, 1, 15),
    )
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "The start is a month: use its first day." in str(error.value)


@pytest.mark.parametrize("code", ["BE35", "BE", "FR101"])
def test_valid_nuts_codes_pass(code):
    practice = PracticeFactory(nuts_code=code)
    practice.full_clean()


@pytest.mark.parametrize("code", ["be35", "B35", "BE3567", "35"])
def test_invalid_nuts_codes_are_refused(code):
    practice = PracticeFactory()
    practice.nuts_code = code
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "nuts_code" in error.value.message_dict


@pytest.mark.parametrize("keywords", ["creative", [""], [1, 2], {"a": 1}])
def test_keywords_must_be_a_list_of_words(keywords):
    practice = PracticeFactory(keywords=["ok"])
    practice.keywords = keywords
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "keywords" in error.value.message_dict


def test_solution_is_only_for_a_difficulty():
    assert_rejected_by_database(
        PracticeItemFactory, section=PracticeItem.Section.EVIDENCE, solution="Fixed"
    )
    item = PracticeItemFactory(
        section=PracticeItem.Section.DIFFICULTY, solution="Cross-collaboration"
    )
    assert item.solution == "Cross-collaboration"


def test_an_organisation_is_a_partner_of_a_practice_once():
    partnership = PartnershipFactory()
    assert_rejected_by_database(
        PartnershipFactory,
        practice=partnership.practice,
        organisation=partnership.organisation,
    )


def test_following_twice_is_refused():
    follow = FollowFactory()
    assert_rejected_by_database(
        FollowFactory, user=follow.user, practice=follow.practice
    )


def test_one_opinion_per_expert_and_practice():
    opinion = ExpertOpinionFactory()
    assert_rejected_by_database(
        ExpertOpinionFactory, expert=opinion.expert, practice=opinion.practice
    )
    ExpertOpinionFactory(practice=opinion.practice)


def test_manager_published_hides_drafts():
    published = PracticeFactory()
    PracticeFactory(draft=True)
    assert list(Practice.objects.published()) == [published]


def test_parts_keep_their_order():
    practice = PracticeFactory()
    third = PracticeItemFactory(practice=practice, order=3)
    first = PracticeItemFactory(practice=practice, order=1)
    second = PracticeItemFactory(practice=practice, order=2)
    assert practice.evidence == [first, second, third]


def test_sections_are_split_from_one_prefetch(django_assert_num_queries):
    practice = PracticeFactory()
    evidence = PracticeItemFactory(practice=practice)
    difficulty = PracticeItemFactory(
        practice=practice, section=PracticeItem.Section.DIFFICULTY
    )
    lesson = PracticeItemFactory(
        practice=practice, section=PracticeItem.Section.LEARNING
    )
    practice = Practice.objects.with_page_data().get(pk=practice.pk)
    with django_assert_num_queries(0):
        assert practice.evidence == [evidence]
        assert practice.difficulties == [difficulty]
        assert practice.learning_points == [lesson]


def test_unlisted_followers_are_counted_but_not_named():
    practice = PracticeFactory()
    FollowFactory(practice=practice, user__is_listed_as_follower=True)
    FollowFactory.create_batch(2, practice=practice)
    practice = Practice.objects.with_page_data().get(pk=practice.pk)
    assert practice.follower_count == 3
    assert len(practice.listed_followers) == 1
    assert practice.unlisted_follower_count == 2


def test_is_ongoing_follows_the_end_date():
    today = datetime.date.today().replace(day=1)
    assert PracticeFactory.build(end_date=None).is_ongoing
    assert PracticeFactory.build(end_date=today).is_ongoing
    assert not PracticeFactory.build(end_date=datetime.date(2015, 10, 1)).is_ongoing


def test_a_practice_may_be_ongoing_until_its_end_has_passed():
    this_month = datetime.date.today().replace(day=1)
    practice = PracticeFactory(end_date=None)
    assert practice.period_hint == "ongoing"
    practice.end_date = datetime.date(2015, 10, 1)
    practice.save(update_fields=["end_date"])
    practice.refresh_from_db()
    assert practice.period_hint == "finished"
    practice.end_date = this_month
    practice.save()
    practice.refresh_from_db()
    assert practice.period_hint == "ongoing"


@pytest.mark.parametrize(
    "end_date, hint",
    [(None, "finished"), (datetime.date(2015, 10, 1), "unknown")],
)
def test_the_database_refuses_a_wrong_period_hint(end_date, hint):
    practice = PracticeFactory(end_date=end_date)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(period_hint=hint)


def test_narrowing_the_hints_marks_only_practices_whose_end_has_passed(capsys):
    from django.core.management import call_command

    this_month = datetime.date.today().replace(day=1)
    ended = PracticeFactory(end_date=this_month)
    running = PracticeFactory(end_date=this_month)
    open_ended = PracticeFactory(end_date=None)
    # As if months had passed since it was saved: its end is behind us now,
    # its hint not yet narrowed.
    Practice.objects.filter(pk=ended.pk).update(end_date=datetime.date(2020, 1, 1))
    assert set(Practice.objects.ongoing()) == {running, open_ended}

    call_command("narrow_period_hints")

    assert "1 practices marked finished." in capsys.readouterr().out
    hints = dict(Practice.objects.values_list("pk", "period_hint"))
    assert hints == {
        ended.pk: "finished",
        running.pk: "ongoing",
        open_ended.pk: "ongoing",
    }
    assert set(Practice.objects.ongoing()) == {running, open_ended}
    assert set(Practice.objects.finished()) == {ended}
    assert Practice.objects.narrow_period_hints() == 0


def test_str_and_urls():
    practice = PracticeFactory(title="WECD", slug="wecd")
    assert str(practice) == "WECD"
    assert practice.get_absolute_url() == "/practices/wecd/"
    partnership = PartnershipFactory(practice=practice)
    assert partnership.get_absolute_url() == "/practices/wecd/#partners"
    item = PracticeItemFactory(practice=practice, section="difficulty")
    assert item.get_absolute_url() == "/practices/wecd/#difficulties"
    org = OrganisationFactory(name="Service public de Wallonie", acronym="SPW")
    assert str(org) == "Service public de Wallonie (SPW)"


def test_experts_group_gives_the_review_permissions(demo):
    from django.contrib.auth.models import Group

    from accounts.models import User
    from practices.models import EXPERTS_GROUP

    codenames = set(
        Group.objects.get(name=EXPERTS_GROUP).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"review_practice", "change_expertopinion"} <= codenames
    assert User.objects.get(email="expert@example.org").has_perm(
        "practices.review_practice"
    )
    assert not User.objects.get(email="reader@example.org").has_perm(
        "practices.review_practice"
    )
