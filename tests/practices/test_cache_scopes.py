"""Per-practice invalidation and named reader slots (practices.cache)."""

from pathlib import Path

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import RequestFactory
from django.urls import reverse
from django.views.generic import TemplateView
from pytest_django.asserts import assertContains

from practices.cache import ReaderPartsMixin, SlotsDisagree
from practices.views import PracticeDetailView
from publishing.services import practice_propose, practice_snapshot, revision_apply
from tests.factories import (
    ExpertOpinionFactory,
    PracticeFactory,
    PracticeItemFactory,
    TopicFactory,
    UserFactory,
)
from tests.practices.test_cache import without_csrf
from tests.transfers.factories import TransferFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def two(db, committed):
    with committed():
        topic = TopicFactory(name="Shared topic")
        a = PracticeFactory(title="Practice Alpha", slug="alpha")
        b = PracticeFactory(title="Practice Beta", slug="beta")
        for practice in (a, b):
            practice.topics.add(topic)
    return a, b


def follow(client, practice, committed):
    client.force_login(UserFactory(verified=True))
    with committed():
        response = client.post(reverse("following:follow", args=[practice.slug]))
    assert response.status_code in {200, 302}
    client.logout()


def change_a(name, client, a, committed):
    if name == "follow":
        follow(client, a, committed)
        return
    with committed():
        {
            "opinion": lambda: ExpertOpinionFactory(practice=a, text="New opinion"),
            "item": lambda: PracticeItemFactory(practice=a, text="New evidence"),
            "transfer": lambda: TransferFactory(practice=a, confirmed=True),
            # A save that changes nothing other pages show of A.
            "summary": lambda: type(a).objects.get(pk=a.pk).save(),
            "published-edit": lambda: publish_edit(a),
        }[name]()


def served_from_cache(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context is None


def publish_edit(practice):
    """An author's edit of the summary, published by staff (publishing.services)."""
    practice = type(practice).objects.get(pk=practice.pk)
    snapshot = practice_snapshot(practice)
    snapshot["summary"] = "A summary edited and reviewed"
    proposal = practice_propose(
        practice=practice, snapshot=snapshot, by=practice.author
    )
    revision_apply(revision=proposal, by=UserFactory(is_staff=True), minor=False)


@pytest.mark.parametrize(
    "change", ["follow", "opinion", "item", "transfer", "summary", "published-edit"]
)
def test_a_change_to_a_retires_a_and_the_lists_never_b(client, two, change, committed):
    a, b = two
    urls = {
        "a": a.get_absolute_url(),
        "b": b.get_absolute_url(),
        "list": "/practices/",
        "search": "/practices/?q=practice",
        "home": "/",
        "b-fr": "/fr" + b.get_absolute_url(),
    }
    for url in urls.values():
        client.get(url)
    assert all(served_from_cache(client, url) for url in urls.values())
    change_a(change, client, a, committed)
    assert not served_from_cache(client, urls["a"]), "A's page was kept"
    for name in ("list", "search", "home"):
        assert not served_from_cache(client, urls[name]), f"the {name} page was kept"
    assert served_from_cache(client, urls["b"]), "B's page was rendered again"
    assert served_from_cache(client, urls["b-fr"])


def test_a_new_title_retires_every_page(client, two, committed):
    """B's page may list A among its related practices, by title."""
    a, b = two
    client.get(b.get_absolute_url())
    a.title = "Practice Alpha, renamed"
    with committed():
        a.save()
    assert not served_from_cache(client, b.get_absolute_url())


def test_signed_in_pages_follow_the_same_scopes(client, two, committed):
    a, b = two
    client.force_login(UserFactory(display_name="Reader One"))
    view = PracticeDetailView()
    keys = {}
    for practice in (a, b):
        client.get(practice.get_absolute_url())
    before = {p.slug: _generation_of(view, p) for p in (a, b)}
    with committed():
        PracticeItemFactory(practice=a, text="New evidence")
    keys = {p.slug: _generation_of(view, p) for p in (a, b)}
    assert keys["alpha"] != before["alpha"]
    assert keys["beta"] == before["beta"]
    assertContains(client.get(a.get_absolute_url()), "New evidence")


def _generation_of(view, practice):
    from practices.cache import generation

    return generation(view.cache_scopes({"slug": practice.slug}))


# --- Lists kept while they are rendered again ---------------------------------


def edit_title_word(practice, committed, summary):
    with committed():
        practice = type(practice).objects.get(pk=practice.pk)
        practice.summary = summary
        practice.save()


def test_a_list_lags_a_change_by_list_stale_seconds_at_most(
    client, two, committed, settings
):
    """Edits a second apart must not make every reader of a list wait for it."""
    a, _b = two
    settings.LIST_STALE_SECONDS = 60
    client.get("/practices/")
    edit_title_word(a, committed, "Summary changed once")
    stale = client.get("/practices/")
    assert stale["X-Page-Cache"] == "stale"
    assert stale.context is None
    # A's own page never lags.
    assertContains(client.get(a.get_absolute_url()), "Summary changed once")
    settings.LIST_STALE_SECONDS = 0
    fresh = client.get("/practices/")
    assert fresh["X-Page-Cache"] == "miss"
    assertContains(fresh, "Summary changed once")
    assert client.get("/practices/")["X-Page-Cache"] == "hit"


def test_while_one_request_renews_a_list_the_others_get_the_copy_in_hand(
    client, two, committed, django_assert_num_queries
):
    from django.core.cache import cache

    a, _b = two
    client.get("/practices/?q=practice")
    edit_title_word(a, committed, "Summary changed twice")
    # Another worker took the renewal: hold it as it would.
    renewing = [key for key in list(cache._cache) if ":page:" in key]
    assert len(renewing) == 1
    cache.add(renewing[0].split(":", 2)[-1] + ":renewing", True)
    with django_assert_num_queries(0):
        stale = client.get("/practices/?q=practice")
    assert stale["X-Page-Cache"] == "stale"
    assert b"Summary changed twice" not in stale.content
    cache.delete(renewing[0].split(":", 2)[-1] + ":renewing")
    fresh = client.get("/practices/?q=practice")
    assert fresh["X-Page-Cache"] == "miss"
    assertContains(fresh, "Summary changed twice")


def test_a_failed_renewal_lets_the_next_request_renew(client, two, committed, settings):
    from django.core.cache import cache

    a, _b = two
    client.get("/")
    edit_title_word(a, committed, "Summary changed thrice")
    client.raise_request_exception = False
    urlconf = settings.ROOT_URLCONF
    settings.ROOT_URLCONF = "tests.practices.urls_failing_home"
    assert client.get("/").status_code == 500
    assert not [key for key in list(cache._cache) if key.endswith(":renewing")]
    settings.ROOT_URLCONF = urlconf
    # Had the failed request kept the renewal, this one would get the old copy.
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_signed_in_lists_keep_their_public_text_the_same_way(
    client, two, committed, settings
):
    a, _b = two
    client.force_login(UserFactory(display_name="Reader Two"))
    settings.LIST_STALE_SECONDS = 60
    assert client.get("/practices/?q=practice")["X-Page-Cache"] == "miss"
    edit_title_word(a, committed, "Summary changed for readers")
    stale = client.get("/practices/?q=practice")
    assert stale["X-Page-Cache"] == "stale"
    assertContains(stale, "Reader Two")
    settings.LIST_STALE_SECONDS = 0
    fresh = client.get("/practices/?q=practice")
    assert fresh["X-Page-Cache"] == "miss"
    assertContains(fresh, "Summary changed for readers")
    assertContains(fresh, "Reader Two")


# --- Named reader slots -----------------------------------------------------


class SlotsView(ReaderPartsMixin, TemplateView):
    template_name = "slots/page.html"
    reader_parts_template = "slots/parts.html"


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


def render_signed_in(view_class, name="Ana"):
    request = RequestFactory().get("/slots/")
    request.user = UserFactory(display_name=name)
    response = view_class.as_view()(request)
    if hasattr(response, "render"):
        response.render()
    return response.content.decode()


def test_each_part_goes_in_its_named_slot_whatever_the_order(test_templates):
    # The page leaves "second" before "first"; the parts come first, second.
    for name in ("Ana", "Ben"):  # the second render uses the kept public text
        assert render_signed_in(SlotsView, name).strip() == (
            f"<p>AsecondBfirst:{name}C</p>"
        )


def test_the_practice_page_is_the_same_with_its_parts_reordered(
    client, two, monkeypatch, test_templates
):
    """The practice page's reader parts, in reverse order, fill the same slots."""
    a, _ = two
    client.force_login(UserFactory(display_name="Reader One"))
    normal = client.get(a.get_absolute_url())
    assertContains(normal, "Reader One")
    monkeypatch.setattr(
        PracticeDetailView,
        "reader_parts_template",
        "slots/practice_parts_reversed.html",
    )
    reordered = client.get(a.get_absolute_url())
    assert without_csrf(reordered.content) == without_csrf(normal.content)


class MissingPartView(SlotsView):
    reader_parts_template = "slots/parts_missing.html"


def test_a_slot_no_part_fills_is_an_error_in_tests(test_templates):
    with pytest.raises(SlotsDisagree, match="second"):
        render_signed_in(MissingPartView)


def test_in_production_such_a_page_is_rendered_whole(test_templates, settings):
    settings.READER_SLOTS_STRICT = False
    page = render_signed_in(MissingPartView)
    assert page.strip() == "<p>Aanonymous-secondBanonymous-firstC</p>"


def test_a_part_no_slot_takes_is_an_error_too(test_templates, settings):
    class ExtraPartView(SlotsView):
        template_name = "slots/parts_missing.html"
        reader_parts_template = "slots/parts.html"

    with pytest.raises(SlotsDisagree):
        render_signed_in(ExtraPartView)


@pytest.mark.parametrize(
    "tag", ["{% reader_slot %}", "{% reader_slot follow %}", '{% reader_slot "A b" %}']
)
def test_a_slot_needs_one_quoted_name(tag):
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load reader_slots %}" + tag + "{% endreader_slot %}"
        )


# --- Signed-in pages' public text: memory before the shared cache -------------


def process_memory(settings, tmp_path, alias):
    """Give this test the production's process memory ``alias``, empty."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{tmp_path}-{alias}",
        },
    }
    return caches[alias]


@pytest.fixture
def memory_and_shared(settings, tmp_path):
    return process_memory(settings, tmp_path, "page_text")


def test_another_process_takes_the_public_text_from_the_shared_cache(
    client, two, memory_and_shared
):
    a, _b = two
    client.force_login(UserFactory(display_name="Reader Three"))
    url = a.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    # Another worker process: its memory has nothing yet.
    memory_and_shared.clear()
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assertContains(again, "Reader Three")
    assert any("page-text" in key for key in memory_and_shared._cache)


def test_another_process_takes_the_practice_from_the_shared_cache(
    client, two, settings, tmp_path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    objects = process_memory(settings, tmp_path, "public_objects")
    a, _b = two
    client.force_login(UserFactory(display_name="Reader Five"))
    url = a.get_absolute_url()
    client.get(url)
    # Another worker process: its memories have neither the practice nor the page.
    objects.clear()
    process_memory(settings, tmp_path, "page_text").clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assertContains(page, "Practice Alpha")
    assert not [q for q in queries if '"practices_practice"' in q["sql"]]
    assert any(":practice:" in key for key in objects._cache)


def test_a_list_another_process_renewed_is_taken_from_the_shared_cache(
    client, two, committed, memory_and_shared, settings
):
    from django.core.cache import caches

    a, _b = two
    client.force_login(UserFactory(display_name="Reader Four"))
    url = "/practices/?q=practice"
    client.get(url)
    kept_in_memory = dict(memory_and_shared._cache)
    edit_title_word(a, committed, "Summary renewed elsewhere")
    assertContains(client.get(url), "Summary renewed elsewhere")  # renewed
    # This process still holds the copy from before the change.
    memory_and_shared._cache.update(kept_in_memory)
    settings.LIST_STALE_SECONDS = 60
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit"
    assertContains(page, "Summary renewed elsewhere")
    assert caches["default"] is not memory_and_shared


# --- Anonymous pages: memory before the shared cache, generations read lately --


@pytest.fixture
def anonymous_memory(settings, tmp_path):
    from practices.cache import invalidation as page_cache

    page_cache._known.__init__()
    yield process_memory(settings, tmp_path, "anonymous_pages")
    page_cache._known.__init__()


def change_elsewhere(practice, title, log=True):
    """Change a practice as another process would: this one is not told.

    ``log=False``: the change is numbered but its scopes are not kept (that
    process stopped between the two writes, say).
    """
    from django.core.cache import cache

    from practices.cache import invalidation

    # Practices' text is in the columns of their language (practices.translation).
    type(practice).objects.filter(pk=practice.pk).update(title_en=title)
    scopes = [invalidation.LIST, invalidation.practice_scope(practice.slug)]
    stamp = cache.get(invalidation._generation_key(scopes[1]), 0) + 1
    cache.set_many({invalidation._generation_key(s): stamp for s in scopes}, None)
    if log:
        invalidation._log_change(scopes)
    elif cache.get(invalidation.CHANGES_KEY) is not None:
        cache.incr(invalidation.CHANGES_KEY)


@pytest.fixture
def clock(monkeypatch):
    """The time as ``recent_generations`` reads it, moved on by hand."""
    from practices.cache import invalidation

    now = [1000.0]
    monkeypatch.setattr(invalidation, "_clock", lambda: now[0])
    return now


def test_an_anonymous_hit_is_served_from_this_process_memory(
    client, two, anonymous_memory
):
    from django.core.cache import cache

    a, _b = two
    url = a.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    # The shared copy is gone; this process still has its own.
    for key in [key for key in cache._cache if ":page:" in key]:
        del cache._cache[key], cache._expire_info[key]
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit"
    assertContains(page, "Practice Alpha")


def test_an_anonymous_page_lags_another_process_change_by_the_set_time_only(
    client, two, anonymous_memory, settings
):
    a, _b = two
    url = a.get_absolute_url()
    settings.ANONYMOUS_GENERATION_SECONDS = 60
    client.get(url)
    change_elsewhere(a, "Alpha changed elsewhere")
    assertContains(client.get(url), "Practice Alpha")  # within the lag
    # A signed-in reader (the author who just saved, say) never waits.
    client.force_login(UserFactory())
    assertContains(client.get(url), "Alpha changed elsewhere")
    client.logout()
    settings.ANONYMOUS_GENERATION_SECONDS = 0
    assertContains(client.get(url), "Alpha changed elsewhere")


def test_anonymous_readers_follow_the_changes_logged_by_other_processes(
    client, two, anonymous_memory, settings, clock
):
    from django.core.cache import cache

    from practices.cache import invalidation

    a, b = two
    settings.ANONYMOUS_GENERATION_SECONDS = 1
    client.get(a.get_absolute_url())
    client.get(b.get_absolute_url())
    invalidation.new_generation(invalidation.LIST)  # the log has begun
    clock[0] += 1
    client.get("/practices/")
    change_elsewhere(a, "Alpha changed elsewhere")
    assertContains(client.get(a.get_absolute_url()), "Practice Alpha")  # lag
    # Once a second, one read tells which generations moved: A's, not B's.
    clock[0] += 1
    assertContains(client.get(a.get_absolute_url()), "Alpha changed elsewhere")
    generation_keys = [key for key in cache._cache if ":pages:generation:" in key]
    for key in generation_keys:
        del cache._cache[key]
    # B's generations were not read again (they are gone and would be new).
    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("how", ["unlogged", "log-restarted", "long-ago"])
def test_a_change_the_log_does_not_tell_makes_the_process_read_again(
    client, two, anonymous_memory, settings, clock, how
):
    from django.core.cache import cache

    from practices.cache import invalidation

    a, _b = two
    settings.ANONYMOUS_GENERATION_SECONDS = 1
    invalidation.new_generation(invalidation.LIST)
    client.get(a.get_absolute_url())
    if how == "unlogged":
        change_elsewhere(a, "Alpha changed elsewhere", log=False)
        clock[0] += 1
    elif how == "log-restarted":
        cache.delete(invalidation.CHANGES_KEY)  # evicted
        change_elsewhere(a, "Alpha changed elsewhere")
        clock[0] += 1
    else:
        # Its number lost altogether: forgotten once a minute anyway.
        type(a).objects.filter(pk=a.pk).update(title_en="Alpha changed elsewhere")
        cache.set(invalidation._generation_key(f"practice:{a.slug}"), 7, None)
        clock[0] += 1
        assertContains(client.get(a.get_absolute_url()), "Practice Alpha")
        clock[0] += invalidation.KNOWN_AT_MOST_SECONDS
    assertContains(client.get(a.get_absolute_url()), "Alpha changed elsewhere")


def test_without_an_atomic_count_each_page_reads_its_generations_each_second(
    client, two, anonymous_memory, settings, clock, tmp_path
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "file-cache"),
        },
    }
    a, _b = two
    settings.ANONYMOUS_GENERATION_SECONDS = 1
    client.get(a.get_absolute_url())
    change_elsewhere(a, "Alpha changed elsewhere", log=False)
    assertContains(client.get(a.get_absolute_url()), "Practice Alpha")
    clock[0] += 1
    assertContains(client.get(a.get_absolute_url()), "Alpha changed elsewhere")


def test_a_change_through_this_process_reaches_anonymous_readers_at_once(
    client, two, anonymous_memory, settings, committed
):
    a, b = two
    settings.ANONYMOUS_GENERATION_SECONDS = 60
    client.get(a.get_absolute_url())
    client.get(b.get_absolute_url())
    edit_title_word(a, committed, "Summary changed here")
    assertContains(client.get(a.get_absolute_url()), "Summary changed here")
    # Practice B's page is kept: its generations did not move.
    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_list_rendered_at_a_later_generation_than_the_request_read_is_current():
    from django.core.cache import caches

    from practices.cache import LIST, SITE, Generations, keep, lookup

    store = caches["default"]
    earlier = Generations((SITE, LIST))
    later = Generations((SITE, LIST))
    later.list = earlier.list + 1
    keep(store, "page:test", later, "the later page")
    assert lookup(store, "page:test", earlier) == ("the later page", "hit")
    keep(store, "page:test", earlier, "the earlier page")
    assert lookup(store, "page:test", later)[1] in {"stale", "renew"}


def test_with_the_memory_layer_off_pages_come_from_the_shared_cache_only(
    client, two, anonymous_memory, settings
):
    """bench/layers.sh measures what the processes' memory earns with it off."""
    from django.core.cache import cache

    settings.CACHE_LAYERS_OFF = {"memory"}
    settings.ANONYMOUS_GENERATION_SECONDS = 60
    a, _b = two
    url = a.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert not anonymous_memory._cache
    assert client.get(url)["X-Page-Cache"] == "hit"
    # Generations are read at every request: another process's change shows.
    change_elsewhere(a, "Alpha changed elsewhere")
    assertContains(client.get(url), "Alpha changed elsewhere")
    assert any(":page:" in key for key in cache._cache)
