"""The anonymous page cache: hits cost no query, every change invalidates."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Practice, PracticeItem
from tests.factories import (
    ActionAxisFactory,
    ExpertOpinionFactory,
    FollowFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(title="Cached practice")


@pytest.mark.parametrize(
    "url", ["/", "/practices/", "/fr/", "/practices/cached-practice/"]
)
def test_anonymous_cache_hit_costs_no_query(client, django_assert_num_queries, url):
    PracticeFactory(title="Cached practice", slug="cached-practice")
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_languages_are_cached_apart(client, practice):
    english = client.get(practice.get_absolute_url())
    french = client.get("/fr" + practice.get_absolute_url())
    assertContains(english, '<html lang="en">')
    assertContains(french, '<html lang="fr">')


CHANGES = {
    "practice": lambda p: Practice.objects.filter(pk=p.pk).first().save(),
    "partner": lambda p: PartnershipFactory(
        practice=p, organisation__name="New partner org"
    ),
    "axis": lambda p: ActionAxisFactory(practice=p, title="New axis"),
    "item": lambda p: PracticeItemFactory(practice=p, text="New evidence"),
    "item-deleted": lambda p: PracticeItem.objects.filter(practice=p).delete(),
    "topic": lambda p: p.topics.add(TopicFactory(name="New topic")),
    "follower": lambda p: FollowFactory(
        practice=p, user__display_name="New follower", user__is_listed_as_follower=True
    ),
    "opinion": lambda p: ExpertOpinionFactory(practice=p),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_invalidates_the_page(client, practice, change, committed):
    PracticeItemFactory(practice=practice, text="Old evidence")
    url = practice.get_absolute_url()
    before = client.get(url).content
    with committed():
        CHANGES[change](practice)
    after = client.get(url)
    if change != "practice" and change != "opinion":
        assert after.content != before
    assert after.context is not None, "the page was served from the cache"


def test_title_change_shows_at_once_on_every_page(client, practice, committed):
    for url in ["/", "/practices/", practice.get_absolute_url()]:
        assertContains(client.get(url), "Cached practice")
    practice.title = "Renamed practice"
    with committed():
        practice.save()
    for url in ["/", "/practices/", practice.get_absolute_url()]:
        assertContains(client.get(url), "Renamed practice")


def test_follower_profile_change_invalidates_but_a_login_does_not(
    client, practice, committed
):
    follower = UserFactory(display_name="Ana", is_listed_as_follower=True)
    FollowFactory(practice=practice, user=follower)
    url = practice.get_absolute_url()
    client.get(url)
    follower.display_name = "Ana Popescu"
    with committed():
        follower.save(update_fields=["display_name"])
    assertContains(client.get(url), "Ana Popescu")
    with committed():
        follower.save(update_fields=["last_login"])
    assert client.get(url).context is None, "a login should keep the cache"


def test_signed_in_reader_never_gets_or_fills_the_anonymous_cache(client, practice):
    ExpertOpinionFactory(practice=practice, text="Gated judgement")
    url = practice.get_absolute_url()
    anonymous = client.get(url)
    assertNotContains(anonymous, "Gated judgement")
    client.force_login(UserFactory())
    signed_in = client.get(url)
    assertContains(signed_in, "Gated judgement")
    assert signed_in.context is not None
    client.logout()
    client.cookies.clear()
    assertNotContains(client.get(url), "Gated judgement")


def test_error_pages_are_not_cached(client, db):
    url = reverse("practices:detail", kwargs={"slug": "not-yet"})
    assert client.get(url).status_code == 404
    PracticeFactory(slug="not-yet")
    assert client.get(url).status_code == 200


def without_csrf(content):
    """The page without its CSRF token, which is masked anew on each request."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.fixture
def reader_client(client):
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_shows_at_once_to_signed_in_readers(
    reader_client, practice, change, committed
):
    """The public text kept for signed-in readers follows every change too."""
    PracticeItemFactory(practice=practice, text="Old evidence")
    url = practice.get_absolute_url()
    before = without_csrf(reader_client.get(url).content)
    reader_client.get(url)  # the kept public text
    with committed():
        CHANGES[change](practice)
    assert without_csrf(reader_client.get(url).content) != before


def test_kept_public_text_skips_the_page_data(
    reader_client, practice, django_assert_max_num_queries
):
    for _ in range(5):
        PartnershipFactory(practice=practice)
        FollowFactory(practice=practice, user__is_listed_as_follower=True)
    url = practice.get_absolute_url()
    # The first view after a change renders the public sections: the practice,
    # one query per kind of part and the related practices; then the reader's
    # own: the user, and the opinions with the reader's follow and address.
    with django_assert_max_num_queries(8):
        first = reader_client.get(url)
    # Every later view: the user, the opinions and the reader's state.
    with django_assert_max_num_queries(2):
        second = reader_client.get(url)
    assert without_csrf(second.content) == without_csrf(first.content)


def test_kept_public_text_holds_no_gated_text(reader_client, practice):
    from django.core.cache import cache

    ExpertOpinionFactory(practice=practice, text="Gated judgement")
    PracticeItemFactory(practice=practice, text="Public evidence")
    assertContains(reader_client.get(practice.get_absolute_url()), "Gated judgement")
    stored = [cache.get(key.split(":", 2)[-1]) for key in list(cache._cache)]
    public = [value for value in stored if "Public evidence" in str(value)]
    assert public, "the public sections should be kept"
    assert not any("Gated judgement" in str(value) for value in stored)


def test_readers_share_the_public_text_but_not_their_own_parts(client, practice):
    """The second reader's page comes from the first one's public text."""
    ExpertOpinionFactory(practice=practice, text="Gated judgement")
    url = practice.get_absolute_url()
    alice = UserFactory(display_name="Alice Reader")
    FollowFactory(practice=practice, user=alice)
    bob = UserFactory(display_name="Bob Reader")
    client.force_login(alice)
    for_alice = client.get(url)
    client.force_login(bob)
    for_bob = client.get(url)
    assertContains(for_alice, "Alice Reader")
    assertContains(for_alice, "Stop following")
    assertContains(for_bob, "Bob Reader")
    assertNotContains(for_bob, "Alice Reader")
    assertContains(for_bob, "Follow this practice</button>")
    for response in (for_alice, for_bob):
        assertContains(response, "Gated judgement")
        # Log out and follow (the contact form waits for a verified address).
        assert response.content.count(b'name="csrfmiddlewaretoken"') == 2


def test_the_public_text_keeps_nothing_of_a_reader(reader_client, practice):
    from django.core.cache import cache

    ExpertOpinionFactory(practice=practice, text="Gated judgement")
    reader = UserFactory(display_name="Private Person")
    reader_client.force_login(reader)
    reader_client.get(practice.get_absolute_url())
    # Each is kept as (list generation, when rendered, text cut at its slots).
    pages = [
        cache.get(key.split(":", 2)[-1])
        for key in list(cache._cache)
        if "page-text" in key
    ]
    assert pages, "the signed-in page's public text should be kept"
    text = "".join(pages[0][2])
    assert "Cached practice" in text
    for personal in ("Gated judgement", "Private Person", "csrfmiddlewaretoken"):
        assert personal not in text


def test_a_flash_message_shows_on_the_signed_in_page(reader_client, practice):
    url = practice.get_absolute_url()
    reader_client.get(url)
    response = reader_client.post(
        reverse("following:follow", args=[practice.slug]), follow=True
    )
    assert response.redirect_chain[-1][0].startswith(url)
    assertContains(response, 'class="messages"')
    assertNotContains(reader_client.get(url), 'class="messages"')


def csrf_tokens(response):
    return re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)


def test_kept_reader_parts_carry_a_fresh_token_that_works(practice):
    """A reader's parts are rendered once; each page still gets its own token."""
    from practices.cache.reader_parts import CSRF_PLACEHOLDER

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(display_name="Token Reader"))
    url = practice.get_absolute_url()
    first = client.get(url)
    kept = client.get(url)
    assert first.context is not None
    # Nothing rendered at all: the public text and the reader's parts were kept.
    assert kept.context is None
    assertContains(kept, "Token Reader")
    assertNotContains(kept, CSRF_PLACEHOLDER)
    tokens = csrf_tokens(kept)
    assert len(tokens) == 2 and len(set(tokens)) == 1
    assert tokens[0] != csrf_tokens(first)[0]
    response = client.post(
        reverse("following:follow", args=[practice.slug]),
        {"csrfmiddlewaretoken": tokens[0].decode()},
    )
    assert response.status_code == 302
    assert practice.follows.count() == 1


def test_kept_reader_parts_follow_the_reader_and_the_practice(practice, committed):
    # Each signed in once: a sign-in moves the account generation on by itself.
    alice, bob = Client(), Client()
    alice.force_login(UserFactory(display_name="Alice Reader"))
    bob_user = UserFactory(display_name="Bob Reader")
    bob.force_login(bob_user)
    url = practice.get_absolute_url()
    for _ in range(2):  # rendered, then kept
        for reader, name, other in ((alice, "Alice", "Bob"), (bob, "Bob", "Alice")):
            page = reader.get(url)
            assertContains(page, f"{name} Reader")
            assertNotContains(page, f"{other} Reader")
            assertContains(page, "Follow this practice</button>")
    with committed():
        alice.post(reverse("following:follow", args=[practice.slug]))
    assertContains(alice.get(url), "Stop following</button>")  # with a message
    assertContains(alice.get(url), "Stop following</button>")
    assertContains(bob.get(url), "Follow this practice</button>")
    assertContains(bob.get(url), "Please verify your e-mail address")
    # A verified address changes no page, only what Bob may do on it.
    with committed():
        EmailAddress.objects.create(
            user=bob_user, email="bob@example.org", verified=True, primary=True
        )
    page = bob.get(url)
    assertContains(page, "Send to the author")
    assertContains(page, "Follow this practice</button>")


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_each_encoding_is_cached_apart(client, practice, encoding):
    url = practice.get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    second = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert second.context is None, "the second request should be a hit"
    assert second.content == first.content
    assert (second.get("Content-Encoding") == "gzip") == (encoding == "gzip")


def test_a_hit_carries_the_security_headers(client, practice):
    url = practice.get_absolute_url()
    client.get(url)
    hit = client.get(url)
    assert hit.context is None
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "Content-Language",
    ):
        assert header in hit, header


LIST_URLS = ["/", "/fr/", "/practices/", "/practices/?sort=title"]


@pytest.mark.parametrize("url", [*LIST_URLS, "/practices/?q=cached&country=BE"])
def test_a_signed_in_list_page_kept_costs_no_query(
    reader_client, practice, django_assert_num_queries, url
):
    """The user is kept in memory; results and facets come with the public text."""
    first = reader_client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = reader_client.get(url)
    assert without_csrf(second.content) == without_csrf(first.content)


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_change_shows_at_once_on_signed_in_list_pages(
    reader_client, practice, url, committed
):
    assertContains(reader_client.get(url), "Cached practice")
    practice.title = "Renamed practice"
    with committed():
        practice.save()
    assertContains(reader_client.get(url), "Renamed practice")


def test_a_bad_search_is_not_kept(reader_client, practice):
    url = "/practices/?sort=bogus"
    assert reader_client.get(url).status_code == 400
    assert reader_client.get(url).status_code == 400


def test_a_slot_marker_typed_by_an_author_stays_text(client):
    practice = PracticeFactory(
        title="Tricky <!--reader--> title", summary="A <!--reader--> summary"
    )
    client.force_login(UserFactory(display_name="Careful Reader"))
    for _ in range(2):
        response = client.get(practice.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, "Tricky &lt;!--reader--&gt; title")
        assertContains(response, "Careful Reader", count=1)
        assert b"<!--reader-->" not in response.content


def rename(client, practice, title):
    """Change the practice's title through the wizard, as its author, and publish it."""
    practice.author.emailaddress_set.get_or_create(
        email=practice.author.email, defaults={"verified": True, "primary": True}
    )
    client.force_login(practice.author)
    response = client.post(
        reverse("publishing:step", kwargs={"pk": practice.pk, "number": 1}),
        {
            "practice-title": title,
            "practice-summary": practice.summary,
            "practice-description": practice.description,
        },
    )
    assert response.status_code == 302
    # An edit of a published practice waits for review: staff publish it.
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse("publishing:proposal-minor", args=[practice.pk]))
    assert response.status_code == 302
    client.logout()


@pytest.mark.parametrize("page", ["list", "detail"])
def test_pages_change_when_the_change_is_committed_not_before(
    client, practice, committed, page
):
    """Before the commit, readers get the committed page; after it, the new one.

    A page rendered in between reads the old data: were the generation changed
    before the commit, that page would be kept under the new generation.
    """
    author = Client()
    url = practice.get_absolute_url() if page == "detail" else "/practices/"
    assertContains(client.get(url), "Cached practice")
    with committed(), transaction.atomic():
        rename(author, practice, "Renamed practice")
        assertContains(client.get(url), "Cached practice")
    assertContains(client.get(url), "Renamed practice")


def test_a_change_rolled_back_is_never_served(client, practice):
    url = practice.get_absolute_url()
    assertContains(client.get(url), "Cached practice")
    with transaction.atomic():
        rename(Client(), practice, "Renamed practice")
        client.get(url)
        transaction.set_rollback(True)
    assertNotContains(client.get(url), "Renamed practice")
