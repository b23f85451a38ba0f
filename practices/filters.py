"""The one FilterSet behind the practice list, the JSON API and the CSV export."""

import functools
import hashlib

import django_filters
from django import forms
from django.db import connection, models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from evidence.models import EvidenceLevel
from policies.models import PolicyTag
from transfers.models import Stage, Transfer

from .cache import cached_aggregate
from .languages import column, content_languages, localized
from .models import Organisation, Partnership, Practice, Topic, ongoing_q

MAX_QUERY_LENGTH = 200
MAX_AMOUNT = 10**12


def _localized_sql(alias, field, language):
    """SQL: ``alias.field`` in ``language``, else in another (as ``localized``)."""
    codes = content_languages()
    language = language if language in codes else codes[0]
    order = [language, *(code for code in codes if code != language)]
    names = ", ".join(f"NULLIF({alias}.{column(field, code)}, '')" for code in order)
    return f"COALESCE({names}, '')"


def _links(table, columns, per_match):
    """SQL: the rows of the link ``table`` of each practice in ``m``, as ``pt``.

    Over a search's matches (``per_match``), they are looked up practice by
    practice through the table's index: PostgreSQL cannot tell how many rows
    the CTE holds, guesses a share of every link, and would otherwise read
    the whole link table (3 million rows at a million practices) for fifty
    matches. ``OFFSET 0`` keeps it from merging the lookup into a plain join.
    Over every practice, one pass over the table is the right plan. (SQLite
    has no LATERAL, and looks links up through the index by itself.)
    """
    if per_match:
        return (
            f"m CROSS JOIN LATERAL (SELECT {columns} FROM {table} "
            "WHERE practice_id = m.id OFFSET 0) pt"
        )
    return f"m JOIN {table} pt ON pt.practice_id = m.id"


def _column_facet_sql(name, source="m"):
    """SQL: the counts of the CTE ``source``'s column ``name``, one per value."""
    return (
        f"SELECT '{name}', CAST({source}.{name} AS TEXT), "
        f"CAST({source}.{name} AS TEXT), COUNT(*) "
        f"FROM {source} GROUP BY {source}.{name}"
    )


@functools.lru_cache
def _idle_facet_sql(language, per_match):
    """The SQL of each facet's counts over the CTE ``m``, labels in ``language``."""
    topics = _links(Practice.topics.through._meta.db_table, "topic_id", per_match)
    topic = Topic._meta.db_table
    partnerships = _links(Partnership._meta.db_table, "organisation_id", per_match)
    organisation = Organisation._meta.db_table
    tagged = _links(
        PolicyTag.practices.through._meta.db_table, "policytag_id", per_match
    )
    tag = PolicyTag._meta.db_table
    # Kinds are constants of the code (PolicyTag.Kind), never user input.
    name = _localized_sql("t", "name", language)
    policy = (
        f"SELECT '{{kind}}', t.slug, {name}, COUNT(DISTINCT m.id) FROM {tagged} "
        f"JOIN {tag} t ON t.id = pt.policytag_id WHERE t.kind = '{{kind}}' "
        "GROUP BY 2, 3"
    )
    return {
        "country": _column_facet_sql("country"),
        "region": _column_facet_sql("region"),
        "kind": _column_facet_sql("kind"),
        "period": _column_facet_sql("period"),
        "topic": (
            f"SELECT 'topic', t.slug, {name}, COUNT(DISTINCT m.id) FROM {topics} "
            f"JOIN {topic} t ON t.id = pt.topic_id GROUP BY 2, 3"
        ),
        "partner": (
            f"SELECT 'partner', CAST(o.id AS TEXT), o.name, COUNT(DISTINCT m.id) "
            f"FROM {partnerships} "
            f"JOIN {organisation} o ON o.id = pt.organisation_id "
            f"GROUP BY o.id, o.name"
        ),
        "objective": policy.format(kind=PolicyTag.Kind.OBJECTIVE),
        "sdg": policy.format(kind=PolicyTag.Kind.SDG),
    }


def queryset_sql(queryset):
    """Return the SQL and parameters of ``queryset``, to embed in raw SQL.

    A queryset that can match nothing (``.none()``, a search with no word in
    it) compiles to a false condition instead of raising EmptyResultSet, which
    Django's own evaluation catches but raw SQL would not.
    """
    compiler = queryset.query.get_compiler(queryset.db, elide_empty=False)
    return compiler.as_sql()


class PracticeFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        pairs = [
            ("year_from", "year_to", _("The first year comes after the last.")),
            ("budget_min", "budget_max", _("The minimum budget exceeds the maximum.")),
        ]
        for low, high, message in pairs:
            if (
                cleaned.get(low) is not None
                and cleaned.get(high) is not None
                and cleaned[low] > cleaned[high]
            ):
                self.add_error(high, message)
        return cleaned


class PracticeFilter(django_filters.FilterSet):
    """Search, filters and sort of published practices, read from GET parameters.

    Every filter is a plain value in the URL, so a search can be bookmarked,
    shared, exported as CSV and asked of the API with the same parameters.
    """

    class Sort(models.TextChoices):
        RELEVANCE = "relevance", _("Relevance")
        NEWEST = "newest", _("Newest")
        TITLE = "title", _("Title")
        BUDGET = "budget", _("Budget (largest first)")
        FOLLOWED = "followed", _("Most followed")
        TRANSFERRED = "transferred", _("Most transferred")
        EVIDENCE = "evidence", _("Evidence level (strongest first)")

    class Period(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        FINISHED = "finished", _("Finished")

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=MAX_QUERY_LENGTH
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries)
    region = django_filters.CharFilter(label=_("Region"), max_length=150)
    kind = django_filters.ChoiceFilter(
        label=_("Type of main institution"),
        choices=Organisation.Kind.choices,
        field_name="main_institution__kind",
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner organisation"),
        queryset=Organisation.objects.all(),
        method="filter_partner",
    )
    year_from = django_filters.NumberFilter(
        label=_("Started in or after"),
        field_name="start_date__year",
        lookup_expr="gte",
        min_value=1900,
        max_value=2200,
    )
    year_to = django_filters.NumberFilter(
        label=_("Started in or before"),
        field_name="start_date__year",
        lookup_expr="lte",
        min_value=1900,
        max_value=2200,
    )
    budget_min = django_filters.NumberFilter(
        label=_("Budget from (€)"),
        field_name="budget_amount",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_AMOUNT,
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget up to (€)"),
        field_name="budget_amount",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_AMOUNT,
    )
    period = django_filters.ChoiceFilter(
        label=_("Status"), choices=Period.choices, method="filter_period"
    )
    transferred = django_filters.BooleanFilter(
        label=_("Transferred at least once"),
        method="filter_transferred",
        widget=forms.CheckboxInput,
    )
    transfer_stage = django_filters.ChoiceFilter(
        label=_("Transferred, at stage"),
        choices=Stage.choices,
        method="filter_transfer_stage",
    )
    evidence = django_filters.TypedChoiceFilter(
        label=_("Evidence level: at least"),
        choices=EvidenceLevel.choices,
        coerce=int,
        field_name="evidence_assessment__level",
        lookup_expr="gte",
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("EU cohesion policy objective"),
        queryset=PolicyTag.objects.objectives(),
        to_field_name="slug",
        method="filter_policy_tag",
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("Sustainable Development Goal"),
        queryset=PolicyTag.objects.goals(),
        to_field_name="slug",
        method="filter_policy_tag",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, method="filter_sort", empty_label=None
    )

    # Facet name -> the filters it ignores when counting its own options.
    FACETS = [
        "topic",
        "country",
        "region",
        "kind",
        "partner",
        "period",
        "objective",
        "sdg",
    ]
    # Facets listed in their own order (by number), not by name.
    NUMBERED_FACETS = {"objective", "sdg"}

    class Meta:
        model = Practice
        fields = []
        form = PracticeFilterForm

    def __init__(self, data=None, *args, reads_counts=False, **kwargs):
        """``reads_counts``: the caller reads the facet counts (the list page)."""
        kwargs.setdefault("queryset", Practice.objects.published())
        super().__init__(data, *args, **kwargs)
        self.reads_counts = reads_counts

    # --- filter methods ------------------------------------------------------

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.matching(value, fuzzy=self.is_fuzzy(value))

    def is_fuzzy(self, value):
        """Return True if the words match nothing, so typos are tried (once).

        Asking the database reads every match of the words (80 ms for common
        ones at a million practices). A caller that reads the facet counts
        anyway asks only when they find nothing: counted for the exact words
        first, they find matches whenever the words have some that pass the
        filters, and the words alone are then known to match.
        """
        if not hasattr(self, "_fuzzy"):
            self._fuzzy = False
            if not (self.reads_counts and self.count()):
                self._fuzzy = not self.queryset.has_text_match(value)
        return self._fuzzy

    def filter_topic(self, queryset, name, value):
        through = Practice.topics.through.objects.filter(
            practice=OuterRef("pk"), topic=value
        )
        return queryset.filter(Exists(through))

    def filter_policy_tag(self, queryset, name, value):
        tagged = PolicyTag.practices.through.objects.filter(
            practice=OuterRef("pk"), policytag=value
        )
        return queryset.filter(Exists(tagged))

    def filter_partner(self, queryset, name, value):
        partnerships = Partnership.objects.filter(
            practice=OuterRef("pk"), organisation=value
        )
        return queryset.filter(Exists(partnerships))

    def filter_period(self, queryset, name, value):
        return (
            queryset.ongoing() if value == self.Period.ONGOING else queryset.finished()
        )

    def filter_transferred(self, queryset, name, value):
        if not value:
            return queryset
        confirmed = Transfer.objects.confirmed().filter(practice=OuterRef("pk"))
        return queryset.filter(Exists(confirmed))

    def filter_transfer_stage(self, queryset, name, value):
        confirmed = Transfer.objects.confirmed().filter(
            practice=OuterRef("pk"), stage=value
        )
        return queryset.filter(Exists(confirmed))

    def filter_sort(self, queryset, name, value):
        # Sorting happens once in ``results()``: facets need unsorted querysets.
        return queryset

    # --- results and facets ----------------------------------------------------

    @property
    def search_query(self):
        return (self.form.cleaned_data.get("q") or "").strip()

    def filtered(self, exclude=()):
        """Apply every valid filter but those named in ``exclude``."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name in exclude or value in (None, ""):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def results(self, headline=False):
        """Return the filtered practices, annotated and ordered for display.

        ``headline`` adds the highlighted snippet, for the HTML page only.
        """
        queryset = self.filtered().select_related("main_institution")
        sort = self.form.cleaned_data.get("sort") or (
            self.Sort.RELEVANCE if self.search_query else self.Sort.NEWEST
        )
        if self.search_query:
            queryset = queryset.with_search_rank(self.search_query)
            if headline:
                queryset = queryset.with_search_headline(self.search_query)
        if sort == self.Sort.RELEVANCE and self.search_query:
            return queryset.order_by("-rank", "-published_at", "pk")
        if sort == self.Sort.TITLE:
            return queryset.order_by(localized("title"), "pk")
        if sort == self.Sort.BUDGET:
            return queryset.order_by(
                F("budget_amount").desc(nulls_last=True), localized("title"), "pk"
            )
        if sort == self.Sort.FOLLOWED:
            return queryset.with_follower_count().order_by(
                "-follower_count", "-published_at", "pk"
            )
        if sort == self.Sort.TRANSFERRED:
            return queryset.annotate(
                transfer_count=Count(
                    "transfers",
                    filter=Q(transfers__status=Transfer.Status.CONFIRMED),
                )
            ).order_by("-transfer_count", "-published_at", "pk")
        if sort == self.Sort.EVIDENCE:
            return queryset.order_by(
                F("evidence_assessment__level").desc(nulls_last=True),
                "-published_at",
                "pk",
            )
        return queryset.order_by("-published_at", "-start_date", "pk")

    def _facet_keys(self):
        period = Case(
            When(ongoing_q(), then=Value("ongoing")),
            default=Value("finished"),
            output_field=CharField(),
        )
        keys = {
            "topic": ("topics__slug", localized("topics__name")),
            "country": ("country", None),
            "region": ("region", None),
            "kind": ("main_institution__kind", None),
            "partner": (
                "partnerships__organisation",
                "partnerships__organisation__name",
            ),
            "period": (period, None),
        }
        for kind in self.NUMBERED_FACETS:
            # Only the tags of the facet's kind; others give no key (ignored).
            keys[kind] = (
                Case(
                    When(policy_tags__kind=kind, then=F("policy_tags__slug")),
                    output_field=CharField(),
                ),
                Case(
                    When(policy_tags__kind=kind, then=localized("policy_tags__name")),
                    output_field=CharField(),
                ),
            )
        return keys

    def facet_rows(self):
        """Count the options of every facet with the other filters applied.

        One query. A facet whose own filter is not set counts the practices
        the page lists, so those facets share one CTE of the filtered
        practices (searched once); a facet whose filter is set is counted
        over its own query, without that filter. The parts are UNION ALL-ed.
        """
        keys = self._facet_keys()
        data = self.form.cleaned_data
        active = [name for name in self.FACETS if data.get(name) not in (None, "")]
        idle = [name for name in self.FACETS if name not in active]
        # An active facet among the CTE's own columns: the CTE holds the
        # matches without its filter (``b``), which counts its options, and
        # ``m`` keeps those that pass it. The search is read once for both,
        # not once for the matches and again for that facet.
        shared_base = (name for name in self.SHARED_BASE if name in active)
        base = next(shared_base, None) if idle else None
        sql_parts, params = [], []
        if idle:
            shared = (
                self.filtered(exclude={base})
                .order_by()
                .annotate(facet_period=keys["period"][0])
                .values_list(
                    "pk", "country", "region", "main_institution__kind", "facet_period"
                )
            )
            cte_sql, cte_params = queryset_sql(shared)
            params += cte_params
            if base:
                params.append(data[base])
            per_match = connection.vendor == "postgresql" and not self.is_unfiltered()
            facet_sql = _idle_facet_sql(get_language(), per_match)
            sql_parts += [facet_sql[name] for name in idle]
            if base:
                sql_parts.append(_column_facet_sql(base, source="b"))
        for name in active:
            if name == base:
                continue
            part = self.filtered(exclude={name}).facet(name, *keys[name])
            sql, part_params = queryset_sql(part)
            sql_parts.append(f"SELECT * FROM ({sql}) AS facet_{name}")
            params += part_params
        sql = " UNION ALL ".join(sql_parts)
        columns = "(id, country, region, kind, period)"
        if base:
            sql = (
                f"WITH b {columns} AS ({cte_sql}), "
                f"m AS (SELECT * FROM b WHERE b.{base} = %s) {sql}"
            )
        elif idle:
            sql = f"WITH m {columns} AS ({cte_sql}) {sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def facet_options(self):
        """Return {facet: {key: label}} of every option some practice has.

        They are the options the unfiltered list counts: read from its counts
        (``unfiltered_facet_rows``, an aggregate), not from a scan of their own.
        """
        options = {}
        for name, value, label, n in unfiltered_facet_rows():
            if n and value not in (None, ""):
                options.setdefault(name, {})[value] = label
        return options

    def is_unfiltered(self):
        """Whether the page lists every published practice (in any order)."""
        return not any(
            value not in (None, "", [], False)
            for name, value in self.form.cleaned_data.items()
            if name not in {"sort", "page"}
        )

    def filters_name(self):
        """The filters this search applies, as a short stable name (sort left out)."""
        data = self.form.data
        applied = sorted(
            (name, sorted(map(str, data.getlist(name))))
            for name in self.filters
            if name != "sort" and name in data
        )
        return hashlib.sha256(repr(applied).encode()).hexdigest()[:32]

    def aggregate_name(self, kind):
        """The name of this search's aggregate ``kind`` ("facet-counts", "count").

        A search whose words match nothing counts the close words instead
        (``is_fuzzy``): those counts are kept apart from the exact words' ones.
        """
        if self.is_unfiltered():
            return f"{kind}:"
        fuzzy = ":fuzzy" if getattr(self, "_fuzzy", False) else ""
        return f"{kind}:{self.filters_name()}{fuzzy}"

    def facet_counts(self):
        """The facet rows, an aggregate (``cached_aggregate``) per set of filters.

        They read every match: seconds for a common word at 100,000 practices.
        """
        if self.is_unfiltered():
            return unfiltered_facet_rows()
        return cached_aggregate(self.aggregate_name("facet-counts"), self.facet_rows)

    # The facets the CTE of a search's matches holds as columns, in the order
    # one is chosen to be read with it (``facet_rows``): the broadest filter
    # first, so that the matches without it stay few.
    SHARED_BASE = ("period", "kind", "region", "country")

    # Facets that count every match once, in a group of its own value (the
    # empty one included): with its filter not set, its counts add up to the
    # number of matches.
    PARTITIONING_FACETS = ("period", "kind", "country", "region")

    def count(self):
        """How many practices match, from the facet counts this page reads anyway.

        Counting the matches again would read every one of them a second time
        (40 ms for a common word at a million practices); when each of the
        partitioning facets is filtered, it is an aggregate of its own.
        """
        data = self.form.cleaned_data
        for name in self.PARTITIONING_FACETS:
            if data.get(name) in (None, ""):
                return sum(
                    n for facet, _k, _l, n in self.facet_counts() if facet == name
                )
        return cached_aggregate(self.aggregate_name("count"), self.filtered().count)

    def facets(self):
        """Return {facet: [(key, label, count, selected)]}, zero counts included."""
        options = self.facet_options()
        counts = {}
        for facet, key, _label, n in self.facet_counts():
            counts.setdefault(facet, {})[key] = n
        labels = {
            "country": dict(countries),
            "kind": dict(Organisation.Kind.choices),
            "period": dict(self.Period.choices),
        }
        data = self.form.data if self.form.is_bound else {}
        result = {}
        for name in self.FACETS:
            found = options.get(name, {})
            if name == "period":
                found = dict.fromkeys(self.Period.values, "")
            selected = str(data.get(name, ""))
            rows = []
            for key, label in found.items():
                label = labels.get(name, {}).get(key) or label or key
                rows.append(
                    (key, str(label), counts.get(name, {}).get(key, 0), key == selected)
                )
            if name == "partner":
                # Hundreds of organisations: list those the search can give.
                rows = [row for row in rows if row[2] or row[3]]
            if name in self.NUMBERED_FACETS:
                rows.sort(key=lambda row: int(row[0].lstrip("posdg") or 0))
            elif name != "period":
                rows.sort(key=lambda row: row[1].casefold())
            result[name] = rows
        return result


def unfiltered_facet_rows():
    """Every facet's counts over all published practices, as (facet, key, label, n).

    One aggregate (``cached_aggregate``) read by the list's facets and their
    options, the home page's topics and countries and the map: 1.5 s at
    100,000 practices, computed once for all of them.
    """

    def compute():
        filterset = PracticeFilter({})
        filterset.is_valid()
        return filterset.facet_rows()

    return cached_aggregate("facet-counts:", compute)
