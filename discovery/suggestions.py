"""Practices for a member: from regions like theirs, and on their topics.

The method, stated on the page too:
- "regions like yours" are the member's country (from their profile) and the
  regions of the practices they follow;
- "your topics" are the topics of the practices they follow; practices
  sharing more of them come first.
Practices the member already follows are left out of both lists.
"""

from django.db.models import Count, Q, prefetch_related_objects

from practices.models import Follow, Practice

LIMIT = 10


def member_interests(user):
    """Return the (country, region) pairs and topic ids ``user`` follows (1 query)."""
    places, topics = set(), set()
    rows = Practice.objects.filter(follows__user=user).values_list(
        "country", "region", "topics"
    )
    for country, region, topic in rows:
        if country and region:
            places.add((country, region))
        if topic:
            topics.add(topic)
    return places, topics


def practices_for(user):
    """Return the two lists of the page, at most LIMIT each (4 queries)."""
    places, topics = member_interests(user)
    followed = Follow.objects.filter(user=user).values("practice")
    published = (
        Practice.objects.published()
        .exclude(pk__in=followed)
        .select_related("main_institution")
    )
    where = Q(country=user.country) if user.country else Q()
    for country, region in sorted(places):
        where |= Q(country=country, region=region)
    by_region = (
        list(published.filter(where).order_by("-published_at", "pk")[:LIMIT])
        if where
        else []
    )
    by_topic = (
        list(
            published.filter(topics__in=topics)
            .annotate(shared_topics=Count("topics"))
            .order_by("-shared_topics", "-published_at", "pk")[:LIMIT]
        )
        if topics
        else []
    )
    prefetch_related_objects(by_region + by_topic, "topics")
    return {
        "places": sorted(places),
        "topic_count": len(topics),
        "by_region": by_region,
        "by_topic": by_topic,
    }
