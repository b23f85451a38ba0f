import datetime
from decimal import Decimal
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.filters import PracticeFilter
from practices.models import Practice
from tests.factories import (
    ActionAxisFactory,
    FollowFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/practices/"


def titles(response):
    return [p.title for p in response.context["practice_list"]]


def search(**params):
    filterset = PracticeFilter(params)
    assert filterset.is_valid(), filterset.form.errors
    return [p.title for p in filterset.results()]


# --- Full-text search ---------------------------------------------------------


def test_search_ignores_accents_both_ways():
    PracticeFactory(title="Vouchers", description="La créativité des régions.")
    PracticeFactory(title="Unrelated", description="Ports and logistics.")
    assert search(q="creativite") == ["Vouchers"]
    assert search(q="CRÉATIVITÉ") == ["Vouchers"]


def test_search_finds_words_of_partners_axes_and_items():
    practice = PracticeFactory(title="Plain")
    PartnershipFactory(practice=practice, organisation__name="Zorglub Agency")
    ActionAxisFactory(practice=practice, title="Quixotic axis")
    PracticeItemFactory(practice=practice, text="Flabbergasting evidence")
    PracticeFactory(title="Other")
    assert search(q="zorglub") == ["Plain"]
    assert search(q="quixotic") == ["Plain"]
    assert search(q="flabbergasting") == ["Plain"]


def test_renaming_a_partner_updates_the_search(admin_client, committed):
    partnership = PartnershipFactory(organisation__name="Old Name Agency")
    organisation = partnership.organisation
    url = reverse("admin:practices_organisation_change", args=[organisation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    with committed():
        response = admin_client.post(url, {**data, "name": "Brandnew Agency"})
    assert response.status_code == HTTPStatus.FOUND
    assert search(q="brandnew") == [partnership.practice.title]
    assert search(q="old name") == []


def test_deleted_axis_is_no_longer_found(committed):
    axis = ActionAxisFactory(title="Ephemeral axis")
    assert search(q="ephemeral") == [axis.practice.title]
    with committed():
        axis.delete()
        Practice.objects.filter(pk=axis.practice_id).refresh_search_after_commit()
    assert search(q="ephemeral") == []


def test_title_match_ranks_first():
    PracticeFactory(
        title="Design support", description="Helps firms with tourism marketing."
    )
    PracticeFactory(title="Tourism vouchers", description="Vouchers for hotels.")
    assert search(q="tourism")[0] == "Tourism vouchers"


def test_drafts_are_never_found():
    PracticeFactory(title="Secret tourism plan", draft=True)
    assert search(q="tourism") == []


def test_typo_in_title_still_finds_the_practice():
    PracticeFactory(title="Creative vouchers for manufacturers")
    assert search(q="manufacturrers") == ["Creative vouchers for manufacturers"]


def test_the_list_page_tries_close_words_and_counts_them(client):
    PracticeFactory(title="Creative vouchers for manufacturers", country="BE")
    PracticeFactory(title="Tourism", country="FR")
    response = client.get(LIST_URL, {"q": "manufacturrers", "country": "BE"})
    assert titles(response) == ["Creative vouchers for manufacturers"]
    assert response.context["paginator"].count == 1
    country = {k: n for k, _l, n, _s in response.context["facets"]["country"]}
    assert country == {"BE": 1, "FR": 0}


def test_the_list_page_does_not_ask_apart_whether_found_words_match(client):
    """Its counts, read anyway, tell: no query of its own for common words."""
    PracticeFactory(title="Creative hubs", country="BE")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": "creative", "country": "BE"})
    assert titles(response) == ["Creative hubs"]
    asked = [
        query["sql"]
        for query in queries
        if "EXISTS (SELECT 1 FROM m)" in query["sql"] or "LIMIT 1" in query["sql"]
    ]
    assert asked == []


def test_snippet_highlights_the_words_and_escapes_the_rest(client):
    PracticeFactory(
        title="Snippet",
        summary="Short.",
        description="The <b>creative</b> economy grew in the region & beyond.",
    )
    response = client.get(LIST_URL, {"q": "economy"})
    assertContains(response, "<mark>economy</mark>")
    # SQLite's snippet escapes the tag; PostgreSQL's headline drops it.
    assertNotContains(response, "<b>creative</b>")
    assertContains(response, "&amp; beyond")


# --- Filters and facet counts ---------------------------------------------------


@pytest.fixture
def catalogue():
    culture, finance = TopicFactory(name="Culture"), TopicFactory(name="Finance")
    agency = OrganisationFactory(name="Agency", kind="agency")
    cluster = OrganisationFactory(name="Cluster", kind="cluster", country="FR")
    a = PracticeFactory(
        title="A",
        country="BE",
        region="Namur",
        main_institution=agency,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2012, 1, 1),
        budget_amount=Decimal(1000),
    )
    b = PracticeFactory(
        title="B",
        country="FR",
        region="Occitanie",
        main_institution=cluster,
        start_date=datetime.date(2020, 1, 1),
        end_date=None,
        budget_amount=Decimal(500000),
    )
    c = PracticeFactory(
        title="C",
        country="BE",
        region="Liège",
        main_institution=cluster,
        start_date=datetime.date(2015, 1, 1),
        end_date=None,
        budget_amount=None,
    )
    a.topics.add(culture)
    b.topics.add(culture, finance)
    c.topics.add(finance)
    PartnershipFactory(practice=b, organisation=agency)
    FollowFactory.create_batch(3, practice=c)
    FollowFactory(practice=b)
    return {"culture": culture, "finance": finance, "agency": agency}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "topic-x"}, None),
        ({"country": "BE"}, {"A", "C"}),
        ({"region": "Occitanie"}, {"B"}),
        ({"kind": "cluster"}, {"B", "C"}),
        ({"year_from": "2014"}, {"B", "C"}),
        ({"year_to": "2015"}, {"A", "C"}),
        ({"year_from": "2011", "year_to": "2016"}, {"C"}),
        ({"budget_min": "2000"}, {"B"}),
        ({"budget_max": "2000"}, {"A"}),
        ({"period": "ongoing"}, {"B", "C"}),
        ({"period": "finished"}, {"A"}),
    ],
)
def test_each_filter(catalogue, params, expected):
    if expected is None:
        params = {"topic": catalogue["finance"].slug}
        expected = {"B", "C"}
    assert set(search(**params)) == expected


def test_partner_filter(catalogue):
    assert search(partner=str(catalogue["agency"].pk)) == ["B"]


def test_facet_counts_apply_the_other_filters(catalogue, client):
    response = client.get(LIST_URL, {"country": "BE"})
    facets = response.context["facets"]
    topic_counts = {label: n for _k, label, n, _s in facets["topic"]}
    assert topic_counts == {"Culture": 1, "Finance": 1}
    # The country facet ignores its own filter: every country keeps its count.
    country = {key: (n, selected) for key, _l, n, selected in facets["country"]}
    assert country == {"BE": (2, True), "FR": (1, False)}
    assert {k: n for k, _l, n, _s in facets["period"]} == {
        "ongoing": 1,
        "finished": 1,
    }


def test_options_without_practices_are_shown_disabled_with_zero(catalogue, client):
    response = client.get(LIST_URL, {"country": "FR"})
    assertContains(response, '<option value="Namur" disabled>Namur (0)</option>')
    assertContains(response, '<option value="Occitanie">Occitanie (1)</option>')


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["A", "B", "C"]),
        ("budget", ["B", "A", "C"]),
        ("followed", ["C", "B", "A"]),
    ],
)
def test_sorting(catalogue, sort, expected):
    assert search(sort=sort) == expected


def test_newest_first_by_default(catalogue):
    Practice.objects.filter(title="A").update(
        published_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert search()[0] == "A"


# --- Pages, parameters, query counts -----------------------------------------------


def test_pagination_keeps_every_filter(client):
    PracticeFactory.create_batch(25, title="Tourism plan", country="BE")
    response = client.get(LIST_URL, {"q": "tourism", "country": "BE", "sort": "title"})
    assertContains(
        response, 'href="?q=tourism&amp;country=BE&amp;sort=title&amp;page=2"'
    )
    second = client.get(LIST_URL, {"q": "tourism", "country": "BE", "page": "2"})
    assert len(second.context["practice_list"]) == 5


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "sideways"},
        {"topic": "no-such-topic"},
        {"kind": "martian"},
        {"year_from": "twenty"},
        {"budget_min": "1e309"},
        {"budget_max": "-5"},
        {"partner": "abc"},
        {"year_from": "2020", "year_to": "2010"},
        {"q": "x" * 201},
    ],
)
def test_bad_parameters_give_a_clean_400_page_with_the_error(client, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, 'class="errorlist', status_code=400)
    assertContains(response, "Please correct the search form.", status_code=400)


def test_what_the_user_typed_is_kept_on_error(client):
    response = client.get(LIST_URL, {"q": "tourism", "year_from": "soon"})
    assertContains(response, 'value="tourism"', status_code=400)
    assertContains(response, 'value="soon"', status_code=400)


@pytest.mark.parametrize("page", ["9", "abc", "0"])
def test_page_past_the_end_is_404(client, page):
    PracticeFactory()
    assert client.get(LIST_URL, {"page": page}).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [3, 45])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, size):
    topics = TopicFactory.create_batch(4)
    for i in range(size):
        practice = PracticeFactory(title=f"Tourism {i}", country=["BE", "FR"][i % 2])
        practice.topics.add(*topics[: i % 4 + 1])
        PartnershipFactory(practice=practice)
    params = {"q": "tourism", "topic": topics[0].slug, "country": "BE"}
    params["partner"] = str(practice.partnerships.first().organisation_id)
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL, params)
    assert response.status_code == HTTPStatus.OK
    with django_assert_max_num_queries(8):
        client.get(LIST_URL, {"sort": "followed", "page": "1"})


# --- Related practices ------------------------------------------------------------


def test_related_practices_share_topics_or_partners(client):
    topic = TopicFactory()
    partner = OrganisationFactory()
    practice = PracticeFactory(title="Main")
    practice.topics.add(topic)
    PartnershipFactory(practice=practice, organisation=partner)
    both = PracticeFactory(title="Both shared")
    both.topics.add(topic)
    PartnershipFactory(practice=both, organisation=partner)
    topic_only = PracticeFactory(title="Topic shared")
    topic_only.topics.add(topic)
    draft = PracticeFactory(title="Draft shared", draft=True)
    draft.topics.add(topic)
    PracticeFactory(title="Nothing shared", main_institution=OrganisationFactory())
    related = [p.title for p in Practice.objects.related_to(practice)]
    assert related[:2] == ["Both shared", "Topic shared"]
    assert "Draft shared" not in related and "Main" not in related
    response = client.get(practice.get_absolute_url())
    assertContains(response, 'id="related"')
    assertContains(response, "Both shared")


def test_related_practices_are_ranked_in_one_query(django_assert_num_queries):
    practice = PracticeFactory()
    with django_assert_num_queries(1):
        Practice.objects.related_ids(practice)


# --- Synthetic data -------------------------------------------------------------------


def test_seed_synthetic_creates_searchable_marked_practices_once():
    call_command("seed_synthetic", count=30, seed=1, verbosity=0)
    synthetic = Practice.objects.filter(is_synthetic=True)
    assert synthetic.count() == 30
    assert all(p.slug.startswith("synthetic-") for p in synthetic)
    assert synthetic.filter(topics__slug="synthetic-data").distinct().count() == 30
    assert synthetic.filter(partnerships__isnull=False).distinct().count() == 30
    assert synthetic.filter(axes__isnull=False).distinct().count() == 30
    assert set(search(q="synthetic", topic="synthetic-data")) == set(
        synthetic.values_list("title", flat=True)
    )
    call_command("seed_synthetic", count=30, verbosity=0)
    assert synthetic.all().count() == 30
    call_command("seed_synthetic", count=35, verbosity=0)
    assert synthetic.all().count() == 35


def test_a_stopped_seeding_keeps_its_batches_and_goes_on_from_there():
    from practices.management.commands.seed_synthetic import Command

    class StoppedInItsThirdBatch(Command):
        batches = 0

        def create_batch(self, first_index, size):
            type(self).batches += 1
            ids = super().create_batch(first_index, size)
            if self.batches == 3:
                raise KeyboardInterrupt
            return ids

    with pytest.raises(KeyboardInterrupt):
        call_command(StoppedInItsThirdBatch(), count=50, batch_size=10, verbosity=0)
    synthetic = Practice.objects.filter(is_synthetic=True)
    assert synthetic.count() == 20
    call_command("seed_synthetic", count=50, batch_size=10, verbosity=0)
    assert synthetic.count() == 50
    assert len(set(synthetic.values_list("slug", flat=True))) == 50
    assert set(search(q="synthetic", topic="synthetic-data")) == set(
        synthetic.values_list("title", flat=True)
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "practice"},
        {"country": "BE", "topic": "finance"},
        {"period": "ongoing", "kind": "cluster"},
        {"period": "ongoing", "kind": "cluster", "country": "BE"},
        {"period": "ongoing", "kind": "cluster", "country": "BE", "region": "Liège"},
        {"q": "nothing-matches-this"},
    ],
)
def test_the_count_read_from_the_facets_is_the_number_of_matches(catalogue, params):
    params = {
        name: catalogue["finance"].slug if name == "topic" else value
        for name, value in params.items()
    }
    filterset = PracticeFilter(QueryDict(urlencode(params)))
    assert filterset.is_valid(), filterset.errors
    assert filterset.count() == filterset.filtered().count()


@pytest.mark.parametrize(
    "params",
    [
        {"period": "ongoing"},
        {"period": "finished", "country": "BE"},
        {"kind": "cluster", "region": "Liège"},
        {"country": "BE", "topic": "finance"},
        {"q": "practice", "country": "BE", "period": "ongoing"},
        {"q": "practice", "period": "ongoing", "kind": "cluster", "region": "Liège"},
    ],
)
def test_each_option_counts_what_choosing_it_would_list(catalogue, params):
    """An option's count is the number of matches once it is chosen instead."""
    params = {
        name: catalogue["finance"].slug if name == "topic" else value
        for name, value in params.items()
    }
    PracticeFactory(title="Far", country="FR", description="Another practice.")
    filterset = PracticeFilter(QueryDict(urlencode(params)))
    assert filterset.is_valid(), filterset.errors
    counts = {(facet, key): n for facet, key, _l, n in filterset.facet_rows()}
    options = {
        "country": ["BE", "FR"],
        "region": ["Liège", "Occitanie", "Prov. Namur"],
        "kind": ["agency", "cluster"],
        "period": ["ongoing", "finished"],
        "topic": [catalogue["culture"].slug, catalogue["finance"].slug],
    }
    for facet, keys in options.items():
        for key in keys:
            chosen = PracticeFilter(QueryDict(urlencode({**params, facet: key})))
            assert chosen.is_valid(), chosen.errors
            expected = chosen.filtered().count()
            assert counts.get((facet, key), 0) == expected, (facet, key)


def test_facet_counts_with_several_filters_and_a_search(catalogue, client):
    params = {"q": "practice", "country": "BE", "topic": catalogue["finance"].slug}
    PracticeFactory(title="Far", country="FR", description="Another practice.")
    response = client.get(LIST_URL, params)
    assert titles(response) == ["C"]
    facets = response.context["facets"]
    # Topic ignores its own filter (BE: A culture, C finance); country ignores
    # its own (finance: B in FR, C in BE); the others count C only.
    assert {label: n for _k, label, n, _s in facets["topic"]} == {
        "Culture": 1,
        "Finance": 1,
    }
    assert {k: n for k, _l, n, _s in facets["country"]} == {"BE": 1, "FR": 1}
    assert {k: n for k, _l, n, _s in facets["kind"]} == {"agency": 0, "cluster": 1}
    partners = {label: n for _k, label, n, _s in facets["partner"]}
    assert partners == {}


def test_refresh_search_vector_rebuilds_what_a_bulk_update_skipped():
    practice = PracticeFactory(title="Before")
    # A queryset update sends no signal: the search data is stale until refreshed.
    Practice.objects.filter(pk=practice.pk).update(description_en="A kaleidoscope.")
    assert search(q="kaleidoscope") == []
    assert Practice.objects.filter(pk=practice.pk).refresh_search_vector() == 1
    assert search(q="kaleidoscope") == ["Before"]
    assert Practice.objects.none().refresh_search_vector() == 0


def test_related_ranking_is_kept_but_titles_and_status_are_fresh(client, committed):
    topic = TopicFactory()
    practice = PracticeFactory(title="Main")
    practice.topics.add(topic)
    first, second = PracticeFactory(title="First"), PracticeFactory(title="Second")
    for other in (first, second):
        other.topics.add(topic)
    assertContains(client.get(practice.get_absolute_url()), "First")
    first.title = "First, renamed"
    second.status = Practice.Status.ARCHIVED
    with committed():
        first.save()
        second.save()
    page = client.get(practice.get_absolute_url())
    assertContains(page, "First, renamed")
    assertNotContains(page, "Second")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="how PostgreSQL lays out rows"
)
def test_long_texts_are_kept_aside_from_what_a_search_reads():
    """Once a row is toasted, only its vector, titles, slug and region stay inline."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = "
            "'practices_practice'::regclass AND attnum > 0 AND attstorage = 'm' "
            "AND atttypid <> 'numeric'::regtype"
        )
        inline = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = 'practices_practice'::regclass"
        )
        options = cursor.fetchone()[0]
    assert inline == {
        "search_vector",
        "title",
        "title_en",
        "title_fr",
        "slug",
        "region",
    }
    assert "toast_tuple_target=128" in options


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's search index"
)
@pytest.mark.parametrize(
    "params, held",
    [
        ({"q": "creative", "country": "IT", "period": "ongoing"}, "country"),
        ({"q": "creative", "region": "Liguria"}, "region"),
        ({"q": "creative hubs", "country": "IT", "region": "Liguria"}, "region"),
        # The country facet of an ongoing search: every country, ongoing only.
        ({"q": "creative hubs", "period": "ongoing"}, "period_hint"),
    ],
)
def test_a_search_and_its_place_are_read_from_one_index(params, held):
    """The words and the country, region or ongoing hint: one index scan's conditions.

    Two indexes ANDed read every practice of the country (167,000 at a million)
    for a few thousand matches; without the hint in the index, an ongoing
    search read every match, finished ones too, from the table.
    """
    PracticeFactory(title="Creative hubs", country="IT", region="Liguria")
    filterset = PracticeFilter(params)
    assert filterset.is_valid(), filterset.form.errors
    matches = filterset.filtered().order_by().values("pk")
    sql, sql_params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        # A table this small is read whole, or through any index: ask whether
        # this one can answer, the others dropped (in the test's transaction).
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'practices_practice'"
            " AND indexname NOT IN ('practice_published_search', "
            "'practices_practice_pkey', 'practices_practice_slug_key')"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{index}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", sql_params)
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "Bitmap Index Scan on practice_published_search" in plan
    conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert len(conditions) == 1
    assert "search_vector" in conditions[0]
    assert held in conditions[0]
