import itertools

import pytest

from practices.models import Practice
from practices.signals import practice_changed
from publishing.lifecycle import (
    TRANSITIONS,
    TransitionNotAllowed,
    practice_transition,
)
from publishing.models import PracticeTransition
from tests.factories import (
    ExpertOpinionFactory,
    IndicatorFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Practice.Status
# Who tries to move the practice.
ACTORS = ["author", "expert", "staff", "reader"]


def make_user(role, practice):
    if role == "author":
        return practice.author
    if role == "expert":
        return UserFactory(expert=True)
    if role == "staff":
        return UserFactory(verified=True, is_staff=True)
    return UserFactory(verified=True)


def practice_in(status):
    practice = PracticeFactory(draft=True)
    IndicatorFactory(practice=practice)
    if status != S.DRAFT:
        practice.status = status
        practice.published_at = practice.created_at
        practice.save()
    return practice


@pytest.mark.parametrize("role", ACTORS)
@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(S.values, S.values))
)
def test_every_pair_of_states_is_allowed_or_refused(from_status, to_status, role):
    practice = practice_in(from_status)
    by = make_user(role, practice)
    if role == "expert":
        ExpertOpinionFactory(practice=practice, expert=by)
    expected = role in TRANSITIONS.get((from_status, to_status), set())
    if expected:
        record = practice_transition(
            practice=practice, to=to_status, by=by, comment="Please add figures."
        )
        practice.refresh_from_db()
        assert practice.status == to_status
        assert (record.from_status, record.to_status, record.by) == (
            from_status,
            to_status,
            by,
        )
        if to_status == S.PUBLISHED:
            assert practice.published_at is not None
    else:
        with pytest.raises(TransitionNotAllowed):
            practice_transition(
                practice=practice, to=to_status, by=by, comment="Please add figures."
            )
        practice.refresh_from_db()
        assert practice.status == from_status
        assert not PracticeTransition.objects.exists()


def test_the_reviewer_roles_match_the_brief():
    assert TRANSITIONS[(S.DRAFT, S.IN_REVIEW)] >= {"author"}
    assert TRANSITIONS[(S.CHANGES_REQUESTED, S.IN_REVIEW)] >= {"author"}
    assert "expert" in TRANSITIONS[(S.IN_REVIEW, S.PUBLISHED)]
    assert "expert" in TRANSITIONS[(S.IN_REVIEW, S.CHANGES_REQUESTED)]
    assert TRANSITIONS[(S.PUBLISHED, S.ARCHIVED)] == {"staff"}
    assert TRANSITIONS[(S.ARCHIVED, S.PUBLISHED)] == {"staff"}


def test_an_expert_cannot_review_their_own_submission():
    expert = UserFactory(expert=True)
    practice = practice_in(S.IN_REVIEW)
    practice.author = expert
    practice.save()
    ExpertOpinionFactory(practice=practice, expert=expert)
    with pytest.raises(TransitionNotAllowed):
        practice_transition(practice=practice, to=S.PUBLISHED, by=expert)


def test_publishing_needs_the_experts_opinion():
    practice = practice_in(S.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed, match="opinion"):
        practice_transition(
            practice=practice, to=S.PUBLISHED, by=UserFactory(expert=True)
        )


def test_requesting_changes_needs_a_comment():
    practice = practice_in(S.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        practice_transition(
            practice=practice,
            to=S.CHANGES_REQUESTED,
            by=UserFactory(expert=True),
            comment="  ",
        )


def test_an_incomplete_draft_cannot_be_submitted():
    practice = PracticeFactory(draft=True, main_institution=None, start_date=None)
    with pytest.raises(TransitionNotAllowed, match="main institution"):
        practice_transition(practice=practice, to=S.IN_REVIEW, by=practice.author)


def test_publishing_sends_the_signal_once():
    practice = practice_in(S.IN_REVIEW)
    expert = UserFactory(expert=True)
    ExpertOpinionFactory(practice=practice, expert=expert)
    kinds = []

    def receiver(sender, practice, kind, **kwargs):
        kinds.append((practice.pk, kind))

    practice_changed.connect(receiver)
    try:
        practice_transition(practice=practice, to=S.PUBLISHED, by=expert)
    finally:
        practice_changed.disconnect(receiver)
    assert kinds == [(practice.pk, "published")]


def test_republishing_keeps_the_first_publication_date():
    practice = practice_in(S.ARCHIVED)
    first = practice.published_at
    practice_transition(
        practice=practice, to=S.PUBLISHED, by=UserFactory(is_staff=True)
    )
    practice.refresh_from_db()
    assert practice.published_at == first
