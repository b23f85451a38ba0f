import html
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from practices.models import ExpertOpinion, Practice
from tests.constants import WECD_URL
from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Every fact of ../shared/seed/wecd-good-practice.txt, as a reader finds it on the page.
SEED_FACTS = [
    # Description
    "Wallonia European Creative District (WECD)",
    "EU-labelled project that highlighted Wallonia as a demonstrator for innovation "
    "through creativity",
    "After three years of implementation of the Creative Wallonia programme",
    "European Creative District",
    "lead a region in industrial transition to a creative economy",
    "WECD has been unique in its management processes.",
    "Collective intelligence and iterative process evaluation",
    "to raise global awareness about the potential of the creative industries",
    # Partners
    "Service public de Wallonie",
    "Public Service of Wallonia (DG06)",
    "Wallonie Design",
    "Operates Boost-up/Industries créatives",
    "St&#x27;Art Invest",
    "Wallonia Agency for Digitalization",
    "ID Campus",
    "Involved in the field of education",
    "Twist",
    "Cluster (media)",
    "ICT-Infopôle",
    # The four axes
    "Creative skills",
    "Better Business Support",
    "Better Financial Support",
    "Facilitating clusters and networking activities",
    # Resources needed
    "€1,000,000 over 30 months",
    "European Union",
    "Wallonia (Regional)",
    "WECD is a one million euros project on a thirty months period (EU + Wallonia "
    "co-financing) divided between the five partners to implement the actions.",
    # Evidence of success
    "the creative economy is now one of the transversal priority axes of the Walloon "
    "Smart Specialization strategy",
    "The management processes of the WECD have been transfered within the regional "
    "framework.",
    "internationally recognized by the European Commission",
    "several international networks, projects and think tanks",
    # Difficulties encountered
    "Need to segment our communication strategy in order to address the different "
    "publics initially targeted.",
    "Difficulties in implementing concrete actions together with other European "
    "territories.",
    "Cross-collaboration, iterative process, collective intelligence.",
    # Potential for learning or transfer
    "the High Level Group, composed by 8 European experts",
    "Use of the “Creative District” label",
    "creative vouchers",
    "Creative Hubs as local third places",
    "The Walloon holistic approach of the creativity was as well recognized.",
    # Main institution, location and dates
    "Prov. Namur, Belgium",
    "NUTS BE35",
    "January 2013",
    "October 2015",
    # Followers
    "Angelina Todorova",
    "Fund Manager of Financial Instruments in Bulgaria",
    "Ronan Gingles",
    "Cork City Council",
]

# The facts at a glance (main institution, location, dates) come first.
SECTION_IDS = [
    "institution",
    "description",
    "partners",
    "axes",
    "resources",
    "evidence",
    "difficulties",
    "learning",
    "expert-opinion",
    "contact-author",
    "followers",
]


@pytest.fixture
def page(client, demo):
    response = client.get(WECD_URL)
    assert response.status_code == HTTPStatus.OK
    return response


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_every_seed_fact_is_on_the_practice_page(page, fact):
    assertContains(page, fact)


def test_sections_come_in_the_seed_order(page):
    content = page.content.decode()
    positions = [content.index(f'<section id="{section}"') for section in SECTION_IDS]
    assert positions == sorted(positions)
    for anchor in ["expert-opinion", "contact-author", "follow", "followers"]:
        assert f'id="{anchor}"' in content


def test_page_has_metadata_for_sharing_and_printing(page):
    assertTemplateUsed(page, "practices/practice_detail.html")
    assertContains(page, '<html lang="en">')
    assertContains(page, "<title>Wallonia European Creative District (WECD) · ")
    assertContains(
        page,
        '<link rel="canonical" href="http://testserver/practices/'
        'wallonia-european-creative-district/">',
    )
    assertContains(page, '<meta property="og:title" content="Wallonia European')
    assertContains(page, '<meta name="description" content="Wallonia European')
    assertContains(page, 'media="print"')
    assertContains(page, 'href="#main-content"')
    assertContains(page, '<main id="main-content"')


def test_anonymous_visitor_never_sees_the_expert_opinion(page):
    opinion = ExpertOpinion.objects.get()
    for paragraph in opinion.text.split("\n\n"):
        assertNotContains(page, html.escape(paragraph))
    assertNotContains(page, "SAMPLE OPINION")
    assertContains(page, "to see the expert opinion of this good practice.")
    assertContains(
        page,
        "/accounts/login/?next=/practices/wallonia-european-creative-district/"
        "%23expert-opinion",
    )
    assertContains(page, "to contact the author.")


def test_signed_in_user_reads_the_expert_opinion(client, demo):
    client.force_login(UserFactory())
    response = client.get(WECD_URL)
    assertContains(response, "SAMPLE OPINION FOR THE DEMO")
    assertContains(response, "Demo Expert, Policy expert (demo account)")
    assertNotContains(response, "to see the expert opinion of this good practice.")


def test_login_link_brings_the_reader_back_to_the_opinion(client, demo):
    user = UserFactory(email="reader@example.net")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"),
        {
            "login": "reader@example.net",
            "password": "correct-horse-battery",
            "next": f"{WECD_URL}#expert-opinion",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{WECD_URL}#expert-opinion"


def test_unknown_practice_is_404(client, db):
    response = client.get("/practices/no-such-practice/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assertContains(response, "Page not found", status_code=HTTPStatus.NOT_FOUND)


def test_draft_practice_is_404(client):
    draft = PracticeFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_followers_who_did_not_consent_are_only_counted(client):
    practice = PracticeFactory()
    FollowFactory(
        practice=practice,
        user__display_name="Named Person",
        user__is_listed_as_follower=True,
    )
    FollowFactory.create_batch(3, practice=practice, user__display_name="Hidden Person")
    response = client.get(practice.get_absolute_url())
    assertContains(response, "Named Person")
    assertNotContains(response, "Hidden Person")
    assertContains(response, "4 people follow this practice.")
    assertContains(response, "and 3 others")


def test_resources_are_shown_in_the_readers_locale(client, demo):
    response = client.get(f"/fr{WECD_URL}")
    assertContains(response, '<html lang="fr">')
    assertContains(response, "1\u202f000\u202f000\xa0€")
    assertContains(response, "janvier 2013")


@pytest.mark.parametrize("followers", [2, 200])
def test_practice_page_query_count_is_constant(
    client, django_assert_num_queries, followers
):
    practice = PracticeFactory()
    for user in UserFactory.create_batch(followers, is_listed_as_follower=True):
        FollowFactory(practice=practice, user=user)
    # The practice (with its follower count, topics and named followers), then
    # one query for each of partners, axes, funding sources, section items, and
    # the related practices.
    with django_assert_num_queries(6):
        response = client.get(practice.get_absolute_url())
    assert response.context["practice"].follower_count == followers


def test_anonymous_practice_page_costs_at_most_eight_queries(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(WECD_URL)


def test_home_lists_published_practices_only(client, demo):
    PracticeFactory(draft=True, title="Secret draft")
    response = client.get("/")
    assertContains(response, f'href="{WECD_URL}"')
    assertNotContains(response, "Secret draft")


def test_practice_list_paginates(client):
    PracticeFactory.create_batch(21)
    response = client.get(reverse("practices:list"))
    assert len(response.context["practice_list"]) == 20
    assertContains(response, "Page 1 of 2")
    assert client.get(reverse("practices:list") + "?page=2").status_code == 200


def test_no_page_links_to_a_third_party_host(page):
    hosts = set(re.findall(r'(?:src|href)="(https?://[^/"]+)', page.content.decode()))
    assert hosts <= {"http://testserver"}


def test_admin_edits_a_practice_and_its_parts_on_one_page(admin_client, demo):
    practice = Practice.objects.get()
    response = admin_client.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    )
    assert response.status_code == HTTPStatus.OK
    for prefix in ["partnerships", "axes", "funding_sources", "items", "follows"]:
        assertContains(response, f'name="{prefix}-TOTAL_FORMS"')
    changelist = admin_client.get(
        reverse("admin:practices_practice_changelist"), {"q": "Creative"}
    )
    assertContains(changelist, "Wallonia European Creative District")


def test_signed_in_query_count_is_constant(client, django_assert_num_queries):
    client.force_login(UserFactory())
    client.get("/accounts/profile/")  # the user is loaded, then kept
    counts = []
    for followers in (2, 50):
        practice = PracticeFactory()
        FollowFactory.create_batch(followers, practice=practice)
        ExpertOpinionFactory.create_batch(2, practice=practice)
        with CaptureQueriesContext(connection) as queries:
            client.get(practice.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_summary_panel_gives_the_practice_at_a_glance(page):
    content = page.content.decode()
    panel = content[content.index('class="summary-panel"') :]
    panel = panel[: panel.index("</section>")]
    for fact in [
        "Service public de Wallonie",
        "(NUTS BE35)",
        'datetime="2013-01"',
        "Finished",
        "€1,000,000 over 30 months",
        "Access to finance",
        "Expert-reviewed",
    ]:
        assert fact in panel, fact
    # The one date style: "1 November 2026", not "Nov. 1, 2026".
    assert re.search(r">\d{1,2} [A-Z][a-z]+ \d{4}</time>", panel)


def test_the_practice_actions_sit_beside_the_summary(page, client):
    content = page.content.decode()
    actions = content.index('class="practice-actions"')
    assert content.index('class="summary-panel"') < actions
    assert actions < content.index('id="description"')
    assert "Log in to follow" in content[actions:]
    assert 'href="#contact-author"' in content[actions:]


def test_home_starts_the_work(client, demo):
    response = client.get("/")
    assertContains(response, 'role="search"')
    assertContains(response, 'name="q"')
    # Browse by topic and by country, with counts, linking to the filtered list.
    assertContains(response, 'href="/practices/?topic=access-to-finance"')
    assertContains(response, 'href="/practices/?country=BE"')
    assertContains(response, "1 practice")
    assertContains(response, "Latest practices")
    assertContains(response, "Most followed")
    assertContains(response, "How a practice gets here")
    assertContains(response, f'href="{reverse("publishing:new")}"')


def test_the_french_home_names_topics_in_french(client, demo):
    response = client.get("/fr/")
    assertContains(response, "Accès au financement")
    assertNotContains(response, "Access to finance")


def test_home_costs_the_same_queries_however_many_practices(
    client, demo, django_assert_max_num_queries
):
    # A query string the page cache has not seen: the page is built.
    with django_assert_max_num_queries(8) as few:
        client.get("/?first")
    assert few.captured_queries
    PracticeFactory.create_batch(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/?second")
