"""Reads of practices: publication, page data, search, facets and related practices."""

import datetime
import hashlib
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.db import connection, connections, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, JSONObject

from .. import search
from ..languages import DESCRIPTION_FIELDS, columns, localized
from .base import TOPIC_SEPARATOR, PeriodHint
from .follows import Follow
from .organisations import Topic
from .parts import ActionAxis, Partnership, PracticeItem


class PracticeQuerySet(models.QuerySet):
    def _post_init(self):
        # django-modeltranslation (practices/translation.py) would rewrite "title"
        # in these queries to the current language's column, and reorder the
        # columns of values_list() in their SQL (the facets' CTE relies on it).
        # Practice queries name their language columns themselves instead
        # (practices/languages.py); instances still read in the reader's language.
        self._rewrite = False
        self._populate = None

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def with_follower_count(self):
        """Annotate ``follower_count``.

        A subquery rather than a join, so that it adds no row to count twice
        whatever else is annotated, and the list can sort by it.
        """
        followers = (
            Follow.objects.filter(practice=OuterRef("pk"))
            .order_by()
            .values("practice")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            follower_count=Coalesce(Subquery(followers, output_field=IntegerField()), 0)
        )

    def with_topic_names(self):
        """Annotate the topics' names in the same query (``practice.topic_names``).

        In the reader's language, else in the other one.
        """
        names = (
            Topic.objects.filter(practices=OuterRef("pk"))
            .order_by()
            .values("practices")
            .annotate(names=StringAgg(localized("name"), Value(TOPIC_SEPARATOR)))
            .values("names")
        )
        return self.annotate(topic_names_joined=Subquery(names))

    def with_listed_followers(self):
        """Annotate the followers who agreed to be named, in the same query.

        Read with ``practice.listed_followers``. Each follower is a JSON object
        and the subquery joins them with commas, which every database can do
        (a JSON array aggregate is PostgreSQL's only).
        """
        people = (
            Follow.objects.filter(
                practice=OuterRef("pk"),
                user__is_listed_as_follower=True,
                user__is_active=True,
            )
            .order_by()
            .values("practice")
            .annotate(
                people=StringAgg(
                    Cast(
                        JSONObject(
                            id="pk",
                            since="created_at",
                            display_name="user__display_name",
                            job_title="user__job_title",
                            organisation="user__organisation",
                        ),
                        models.TextField(),
                    ),
                    Value(","),
                )
            )
            .values("people")
        )
        return self.annotate(listed_followers_joined=Subquery(people))

    def in_review(self):
        return self.filter(status=self.model.Status.IN_REVIEW)

    def previewable_by(self, user):
        """Return the practices whose preview the user may see.

        Staff see any, authors their own, experts those in review.

        Being published does not open the preview: it shows the status history
        and the experts' requests for changes, which are not public.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        # Whether the user reviews is asked in the same query (Django's own
        # with_perm), instead of loading their permissions first.
        reviewer = Exists(
            get_user_model()
            .objects.with_perm(
                "practices.review_practice",
                backend="accounts.backends.AccountBackend",
            )
            .filter(pk=user.pk)
        )
        return self.filter(
            Q(author=user) | Q(reviewer, status=self.model.Status.IN_REVIEW)
        )

    def visible_to(self, user):
        """Return the practices whose page and files the user may see.

        The published ones, and those whose preview the user may see.
        """
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published() | self.previewable_by(user)

    # --- Search -----------------------------------------------------------

    def refresh_search_vector(self):
        """Rebuild ``search_text`` (and on PostgreSQL ``search_vector``).

        Four reads and one bulk update whatever the number of practices, then
        on PostgreSQL one UPDATE that weighs the same words in SQL.
        """
        ids = list(self.order_by().values_list("pk", flat=True))
        if not ids:
            return 0
        # Every language's text (practices/languages.py): a search finds a
        # practice by its original or by its translation.
        text_columns = [name for field in DESCRIPTION_FIELDS for name in columns(field)]
        rows = self.model.objects.filter(pk__in=ids).values_list(
            "pk", "keywords", "main_institution__name", *text_columns
        )
        texts = {
            pk: [*text, " ".join(keywords or []), institution]
            for pk, keywords, institution, *text in rows
        }
        for pk, name, acronym in Partnership.objects.filter(
            practice__in=ids
        ).values_list("practice", "organisation__name", "organisation__acronym"):
            texts[pk] += [name, acronym]
        # The parts' text in every language too.
        for model in (ActionAxis, PracticeItem):
            part_columns = [
                name for field in model.TEXT_FIELDS for name in columns(field)
            ]
            for pk, *text in model.objects.filter(practice__in=ids).values_list(
                "practice", *part_columns
            ):
                texts[pk] += text
        self.model.objects.bulk_update(
            [
                self.model(
                    pk=pk, search_text=search.normalise(" ".join(filter(None, t)))
                )
                for pk, t in texts.items()
            ],
            ["search_text"],
            batch_size=1000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(SEARCH_VECTOR_SQL + " WHERE p.id = ANY(%s)", [ids])
        return len(ids)

    def refresh_search_after_commit(self):
        """Rebuild these practices' search data once the transaction commits.

        Called once per change by the code that made it (the wizard, a restore,
        the admin, the demo commands): a row-by-row rebuild would miss the rows
        ``bulk_create`` writes, and repeat itself for every part of a step.
        Outside a transaction, at once.
        """
        transaction.on_commit(self.refresh_search_vector, using=self.db)

    def of_organisation(self, organisation):
        """The practices ``organisation`` runs or is a partner of."""
        return self.filter(
            Q(main_institution=organisation)
            | Q(pk__in=organisation.partnerships.values("practice"))
        )

    def has_text_match(self, query):
        """Return True if some practice matches the query's words exactly."""
        if connection.vendor != "postgresql":
            return self.matching(query).exists()
        # Asked for one row, PostgreSQL reads the table row by row when it
        # expects the words to be common: 0.8 s at 100,000 practices for a word
        # no practice has. Planned apart (MATERIALIZED), the search goes
        # through the text index: 1 ms, and it still stops at the first match.
        sql, params = (
            self.filter(search_vector=_search_query(query))
            .order_by()
            .values("pk")
            .query.sql_with_params()
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH m AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM m)",
                params,
            )
            return cursor.fetchone()[0]

    def search_vocabulary(self):
        """Return the set of words published practices contain (for typos).

        Reading every practice's text takes seconds at 100,000 practices (7.6 s
        measured), so the set is an aggregate kept for
        ``VOCABULARY_CACHE_SECONDS`` under the site generation, not rebuilt
        after each edit: a word new in an edited practice is found exactly at
        once, and corrected from a typo once the set is read again.
        """
        from ..cache import SITE, generation

        key = f"search-vocabulary:{generation([SITE])}"
        words = cache.get(key)
        if words is None:
            words = search.vocabulary_of(
                self.model.objects.published().values_list("search_text", flat=True)
            )
            cache.set(key, words, timeout=settings.VOCABULARY_CACHE_SECONDS)
        return words

    def typo_expansion(self, query):
        """The query with close words for unknown ones (``search.expand_typos``).

        Comparing each unknown word with the whole vocabulary takes most of a
        second at 100,000 practices: kept like the vocabulary.
        """
        from ..cache import SITE, generation

        digest = hashlib.sha256(query.encode()).hexdigest()
        key = f"search-typos:{generation([SITE])}:{digest}"
        expansion = cache.get(key)
        if expansion is None:
            expansion = search.expand_typos(query, self.search_vocabulary()) or ""
            cache.set(key, expansion, timeout=settings.VOCABULARY_CACHE_SECONDS)
        return expansion

    def matching(self, query, fuzzy=False):
        """Keep the practices whose text matches ``query`` (no ranking).

        Both databases read the query as PostgreSQL's websearch syntax (see
        ``search.parse_query``). ``fuzzy`` adds, as alternatives, the indexed
        words closest to unknown ones (``search.expand_typos``), on both
        databases alike: callers ask for it only when the words themselves
        match nothing.
        """
        if fuzzy:
            query = self.typo_expansion(query) or query
        if connection.vendor == "postgresql":
            return self.filter(search_vector=_search_query(query))
        alternatives = search.parse_query(query)
        if not alternatives:
            return self.none()
        condition = Q()
        for alternative in alternatives:
            condition |= Q(*[_term_q(term) for term in alternative])
        return self.filter(condition)

    def with_search_rank(self, query):
        """Annotate ``rank``: title matches first, then summary, then the rest."""
        if connection.vendor == "postgresql":
            return self.annotate(
                rank=SearchRank(F("search_vector"), _search_query(query))
                + TrigramWordSimilarity(query, localized("title")) * Value(0.1)
            )
        words = search.query_words(query)
        title_hits = [
            Case(When(_any_language("title", w), then=Value(2)), default=Value(0))
            for w in words
        ] or [Value(0)]
        summary_hits = [
            Case(When(_any_language("summary", w), then=Value(1)), default=Value(0))
            for w in words
        ] or [Value(0)]
        return self.annotate(
            rank=Cast(sum(title_hits[1:], title_hits[0]), FloatField())
            + Cast(sum(summary_hits[1:], summary_hits[0]), FloatField())
        )

    def with_search_headline(self, query):
        """Annotate ``search_headline`` on PostgreSQL (see ``search.snippet``)."""
        if connection.vendor != "postgresql":
            return self
        return self.annotate(
            search_headline=SearchHeadline(
                Concat(
                    localized("summary"),
                    Value(" "),
                    localized("description"),
                    output_field=models.TextField(),
                ),
                _search_query(query),
                config=search.SEARCH_CONFIG,
                start_sel=search.MARK_START,
                stop_sel=search.MARK_STOP,
                max_words=search.SNIPPET_WORDS,
                min_words=12,
            )
        )

    def ongoing(self):
        return self.filter(ongoing_q())

    def finished(self):
        return self.exclude(ongoing_q())

    def narrow_period_hints(self):
        """Mark finished those whose end passed since they were saved; how many."""
        return self.filter(
            period_hint=PeriodHint.MAY_BE_ONGOING, end_date__lt=this_month()
        ).update(period_hint=PeriodHint.FINISHED)

    def facet(self, name, key, label=None):
        """Return ``(facet, key, label, n)`` rows counting practices per ``key``.

        ``key`` and ``label`` are expressions or field paths; facets of several
        querysets are combined with ``union`` into one query by the FilterSet.
        """
        key_expr = F(key) if isinstance(key, str) else key
        label_expr = F(label) if isinstance(label, str) else (label or key_expr)
        return (
            self.order_by()
            .annotate(
                facet_name=Value(name, output_field=models.CharField()),
                facet_key=Cast(key_expr, models.CharField()),
                facet_label=Cast(label_expr, models.CharField()),
            )
            .values("facet_name", "facet_key", "facet_label")
            .annotate(n=Count("pk", distinct=True))
            .values_list("facet_name", "facet_key", "facet_label", "n")
        )

    def related_ids(self, practice, limit=4):
        """Return the ids of the published practices most related to ``practice``.

        A shared partner weighs 3, a shared topic 2; ties go to the practice
        added last. One query that scores the rows of the topic and partner
        link tables (integers, through their indexes) and reads only the best
        50 practices: counting over joined practice rows took 1.8 s at 100,000
        practices, where a popular topic is shared by thousands.
        """
        topics = self.model.topics.through._meta.db_table
        partners = Partnership._meta.db_table
        practices = self.model._meta.db_table
        sql = f"""
            SELECT best.practice_id FROM (
                SELECT practice_id, SUM(weight) AS score FROM (
                    SELECT practice_id, 2 AS weight FROM {topics} WHERE topic_id IN (
                        SELECT topic_id FROM {topics} WHERE practice_id = %s)
                    UNION ALL
                    SELECT practice_id, 3 FROM {partners} WHERE organisation_id IN (
                        SELECT organisation_id FROM {partners} WHERE practice_id = %s)
                ) shared
                WHERE practice_id <> %s
                GROUP BY practice_id
                ORDER BY score DESC, practice_id DESC
                LIMIT 50
            ) best
            JOIN {practices} p ON p.id = best.practice_id
            WHERE p.status = %s
            ORDER BY best.score DESC, best.practice_id DESC
            LIMIT %s
        """
        params = [practice.pk, practice.pk, practice.pk, self.model.Status.PUBLISHED]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [row[0] for row in cursor.fetchall()]

    def related_to(self, practice, limit=4):
        """The practices of ``related_ids``, in that order (two queries)."""
        ranked = self.related_ids(practice, limit)
        found = self.published().select_related("main_institution").in_bulk(ranked)
        return [found[pk] for pk in ranked if pk in found]

    def with_page_data(self):
        """Fetch everything the practice page shows, in a fixed number of queries."""
        return (
            self.select_related("main_institution")
            .with_follower_count()
            .with_topic_names()
            .with_listed_followers()
            .prefetch_related(*page_data_prefetches())
        )


def page_data_prefetches():
    """The related rows the practice page shows, one query each."""
    return [
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("organisation"),
        ),
        "axes",
        "funding_sources",
        "items",
    ]


def _term_q(term):
    """The condition of one query term on SQLite's accentless ``search_text``."""
    if term.is_phrase:
        pattern = r"\b" + r"\W+".join(re.escape(word) for word in term.words)
        condition = Q(search_text__regex=pattern)
    else:
        condition = Q(search_text__contains=term.words[0])
    return ~condition if term.negated else condition


def _any_language(field, word):
    """A condition: ``field`` contains ``word`` in some language (SQLite)."""
    condition = Q()
    for name in columns(field):
        condition |= Q(**{f"{name}__icontains": word})
    return condition


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=search.SEARCH_CONFIG)


def this_month():
    return datetime.date.today().replace(day=1)


def ongoing_q():
    # The stored hint first: an equality the search index holds and skips
    # through (Practice.period_hint); the end itself is still checked.
    return Q(period_hint=PeriodHint.MAY_BE_ONGOING) & (
        Q(end_date__isnull=True) | Q(end_date__gte=this_month())
    )


def _agg(sql):
    return f"coalesce(({sql}), '')"


def _all_languages(*fields, table="p"):
    """SQL: ``table``'s ``fields`` in every language, joined by spaces."""
    return " || ' ' || ".join(
        f"coalesce({table}.{name}, '')" for field in fields for name in columns(field)
    )


# Weighted vector of the practice ``p`` and its parts; see practices/search.py.
SEARCH_VECTOR_SQL = f"""
UPDATE practices_practice p SET search_vector =
  setweight(to_tsvector('{search.SEARCH_CONFIG}', {_all_languages("title")}), 'A')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', {
    _all_languages("summary")
} || ' ' || {
    _agg("SELECT string_agg(k, ' ') FROM jsonb_array_elements_text(p.keywords) k")
}), 'B')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', {
    _all_languages("description")
} || ' ' || {
    _agg(
        "SELECT o.name || ' ' || o.acronym FROM practices_organisation o "
        "WHERE o.id = p.main_institution_id"
    )
} || ' ' || {
    # Each partner looked up by its key: joined, PostgreSQL scanned every
    # organisation for each practice (4.5 ms a practice with 1,500 of them).
    _agg(
        "SELECT string_agg((SELECT o.name || ' ' || o.acronym "
        "FROM practices_organisation o WHERE o.id = pp.organisation_id), ' ') "
        "FROM practices_partnership pp WHERE pp.practice_id = p.id"
    )
} || ' ' || {
    _agg(
        f"SELECT string_agg({_all_languages('title', 'description', table='a')}, ' ') "
        "FROM practices_actionaxis a WHERE a.practice_id = p.id"
    )
}), 'C')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', {
    _agg(
        f"SELECT string_agg({_all_languages('text', 'solution', table='i')}, ' ') "
        "FROM practices_practiceitem i WHERE i.practice_id = p.id"
    )
}), 'D')
"""
