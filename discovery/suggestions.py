"""Practices for a member: from regions like theirs, and on their topics.

The method, stated on the page too:
- "regions like yours" come from the member's profile: first the practices
  of their NUTS 2 region (a practice's NUTS code beginning with the first
  four characters of the member's region), then the rest of their country.
  The portal holds no typology of regions (urban, rural, industrial…), so
  nothing else counts as "like yours";
- "your topics" are the topics the member follows: published practices on
  any of them, newest first.
Practices the member already follows are left out of both lists.
"""

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
    prefetch_related_objects,
)

from practices.models import Follow, Practice, Topic

from .models import TopicFollow

LIMIT = 10
# NUTS 2 codes are the country's two letters and two more characters.
NUTS2_LENGTH = 4


def topics_for(user):
    """Return (followed topics, other topics) of ``user``, by name (1 query)."""
    topics = Topic.objects.annotate(
        followed=Exists(TopicFollow.objects.filter(user=user, topic=OuterRef("pk")))
    ).order_by("name")
    followed, others = [], []
    for topic in topics:
        (followed if topic.followed else others).append(topic)
    return followed, others


def practices_for(user):
    """Return the page's lists, at most LIMIT practices each (4 queries)."""
    followed_topics, other_topics = topics_for(user)
    region = (user.region or "")[:NUTS2_LENGTH]
    published = (
        Practice.objects.published()
        .exclude(pk__in=Follow.objects.filter(user=user).values("practice"))
        .select_related("main_institution")
    )
    where = Q()
    if user.country:
        where |= Q(country=user.country)
    if region:
        where |= Q(nuts_code__startswith=region)
    by_region = []
    if where:
        by_region = list(
            published.filter(where)
            .annotate(
                in_region=Case(
                    When(nuts_code__startswith=region, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                if region
                else Value(0, output_field=IntegerField())
            )
            .order_by("-in_region", "-published_at", "pk")[:LIMIT]
        )
    by_topic = []
    if followed_topics:
        on_topics = Practice.topics.through.objects.filter(
            practice=OuterRef("pk"), topic__in=[topic.pk for topic in followed_topics]
        )
        by_topic = list(
            published.filter(Exists(on_topics)).order_by("-published_at", "pk")[:LIMIT]
        )
    prefetch_related_objects(by_region + by_topic, "topics")
    return {
        "region": region,
        "in_region": [practice for practice in by_region if practice.in_region],
        "in_country": [practice for practice in by_region if not practice.in_region],
        "by_region": by_region,
        "by_topic": by_topic,
        "followed_topics": followed_topics,
        "other_topics": other_topics,
    }
