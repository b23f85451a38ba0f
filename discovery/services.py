"""Saved searches and followed topics, and the notices of new practices they bring.

The notices go through the ``following`` machinery (dashboard, e-mail in the
member's language at once or in the weekly digest, one-click unsubscribe):
discovery only says who wants to hear of a newly published practice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from following.models import Frequency, Notice
from following.services import new_practice_notices_create

from .models import SavedSearch, TopicFollow

# The most eager frequency first: a member with two matching saved searches
# hears as soon as either asks.
EAGERNESS = [Frequency.IMMEDIATELY, Frequency.WEEKLY, Frequency.NEVER]


def saved_search_create(*, user, name, query, frequency) -> SavedSearch:
    saved = SavedSearch(user=user, name=name, query=query, frequency=frequency)
    saved.full_clean()
    saved.save()
    return saved


def saved_search_update(*, saved_search, name, frequency) -> SavedSearch:
    saved_search.name = name
    saved_search.frequency = frequency
    saved_search.full_clean()
    saved_search.save()
    return saved_search


def topic_follow(*, user, topic):
    """Follow ``topic``; return False if the member already did."""
    try:
        # A double click or two tabs may race: the constraint keeps one row.
        with transaction.atomic():
            _follow, created = TopicFollow.objects.get_or_create(user=user, topic=topic)
    except IntegrityError:
        created = False
    return created


def topic_unfollow(*, user, topic):
    """Stop following ``topic``; return False if the member did not follow it."""
    deleted, _by_model = TopicFollow.objects.filter(user=user, topic=topic).delete()
    return bool(deleted)


def wanted_by_searches(practice):
    """Return {user id: (kind, search name, frequency)} for matching saved searches.

    Each saved search costs one query: fine for thousands of searches, worth
    batching beyond that.
    """
    wanted = {}
    searches = SavedSearch.objects.filter(user__is_active=True).only(
        "pk", "name", "query", "user_id", "frequency"
    )
    for search in searches:
        if not search.matches(practice):
            continue
        known = wanted.get(search.user_id)
        if known is None or EAGERNESS.index(search.frequency) < EAGERNESS.index(
            known[2]
        ):
            wanted[search.user_id] = (
                Notice.Kind.SEARCH_MATCH,
                search.name,
                search.frequency,
            )
    return wanted


def wanted_by_topics(practice):
    """Return {user id: (kind, topic name, "")} for members following its topics.

    The member's notification preference decides the e-mails ("" frequency);
    the topic is named in the member's language.
    """
    wanted = {}
    follows = (
        TopicFollow.objects.filter(
            user__is_active=True, topic__in=practice.topics.values("pk")
        )
        .select_related("topic", "user")
        .order_by("topic__slug", "pk")
    )
    for follow in follows:
        if follow.user_id in wanted:
            continue
        with translation.override(follow.user.language):
            name = str(follow.topic)
        wanted[follow.user_id] = (Notice.Kind.TOPIC_MATCH, name, "")
    return wanted


def new_practice_notices(*, practice):
    """Write the notices of a newly published ``practice``; return who wants them now.

    A member whose saved search matches hears of it under that search (and its
    frequency); otherwise under a topic they follow. One notice per member and
    practice, ever: running this twice, or publishing the practice again,
    writes nothing more.
    """
    wanted = wanted_by_topics(practice)
    wanted.update(wanted_by_searches(practice))
    if not wanted:
        return []
    return new_practice_notices_create(practice=practice, wanted=wanted)


def saved_searches_stop_emails(*, user_id, saved_search_id=None):
    """Set one saved search (or all of the member's) to e-mail never.

    The notices already written for them and not e-mailed yet stop too.
    """
    searches = SavedSearch.objects.filter(user_id=user_id)
    if saved_search_id is not None:
        searches = searches.filter(pk=saved_search_id)
    names = list(searches.values_list("name", flat=True))
    stopped = searches.update(frequency=Frequency.NEVER, updated_at=timezone.now())
    Notice.objects.unsent().filter(
        user_id=user_id, kind=Notice.Kind.SEARCH_MATCH, about__in=names
    ).exclude(frequency="").update(frequency=Frequency.NEVER)
    return stopped
