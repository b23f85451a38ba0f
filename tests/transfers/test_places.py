"""The organisation and region pages: the transfers each made and received."""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from opendata.sitemaps import SITEMAPS
from practices.models import Practice
from tests.constants import WECD_URL
from tests.factories import OrganisationFactory, PartnershipFactory, PracticeFactory
from tests.transfers.factories import TransferFactory
from transfers.models import Stage, StageChange, Transfer

pytestmark = pytest.mark.django_db

# The queries of a page, whoever it is for: the organisation, its practices, its
# transfers (made and received together). Signed-in readers add their session.
PAGE_QUERIES = 3


def organisation_url(organisation):
    return reverse("places:organisation", args=[organisation.pk])


def region_url(code):
    return reverse("places:region", args=[code])


@pytest.fixture
def world():
    """Two organisations, each leading a practice the other one took up."""
    namur = OrganisationFactory(name="Namur Province", acronym="NP", country="BE")
    porto = OrganisationFactory(name="Porto Agency", country="PT")
    lead = PracticeFactory(
        title="Creative vouchers", main_institution=namur, nuts_code="BE352"
    )
    partnered = PracticeFactory(
        title="Maker spaces",
        main_institution=OrganisationFactory(),
        country="PT",
        region="Norte",
        nuts_code="PT11",
    )
    PartnershipFactory(practice=partnered, organisation=namur)
    porto_practice = PracticeFactory(
        title="Design labs",
        main_institution=porto,
        country="PT",
        region="Norte",
        nuts_code="PT11",
    )
    transfers = {
        # Porto took Namur's practice up: made by Porto, received by Namur.
        "vouchers_to_porto": TransferFactory(
            practice=lead,
            organisation=porto,
            organisation_name="",
            country="PT",
            region="Norte",
            nuts_code="PT11",
            confirmed=True,
            decided_at=timezone.now(),
            stage=Stage.IMPLEMENTED,
        ),
        # Namur took Porto's practice up: made by Namur, received by Porto.
        "labs_to_namur": TransferFactory(
            practice=porto_practice,
            organisation=namur,
            organisation_name="",
            country="BE",
            region="Prov. Namur",
            nuts_code="BE35",
            confirmed=True,
        ),
        # Not public: waiting, declined, of a practice taken down.
        "pending": TransferFactory(
            practice=lead,
            organisation=porto,
            organisation_name="",
            country="PT",
            region="Pending Place",
            nuts_code="PT16",
        ),
        "declined": TransferFactory(
            practice=lead,
            organisation_name="Declined Agency",
            region="Declined Place",
            nuts_code="PT17",
            status=Transfer.Status.DECLINED,
            decline_reason="Not this practice.",
        ),
        "archived": TransferFactory(
            practice=PracticeFactory(
                title="Archived practice",
                main_institution=namur,
                status=Practice.Status.ARCHIVED,
            ),
            organisation=porto,
            organisation_name="",
            region="Archived Place",
            confirmed=True,
        ),
    }
    return {
        "namur": namur,
        "porto": porto,
        "lead": lead,
        "partnered": partnered,
        "porto_practice": porto_practice,
        **transfers,
    }


def titles(transfers):
    return [t.practice.title for t in transfers]


def test_an_organisation_shows_the_transfers_it_made_and_received(client, world):
    response = client.get(organisation_url(world["namur"]))
    assert response.status_code == HTTPStatus.OK
    context = response.context
    assert titles(context["transfers_made"]) == ["Design labs"]
    assert titles(context["transfers_received"]) == ["Creative vouchers"]
    assert {p.title for p in context["practices"]} == {
        "Creative vouchers",
        "Maker spaces",
    }
    assertContains(response, "<h1>Namur Province <abbr>(NP)</abbr></h1>", html=True)
    assertContains(response, "main institution")
    assertContains(response, "partner")
    # Each transfer links to its practice, its region and the other organisation.
    assertContains(response, world["lead"].get_absolute_url())
    assertContains(response, world["porto_practice"].get_absolute_url())
    assertContains(response, f'href="{region_url("PT11")}"')
    assertContains(response, f'href="{organisation_url(world["porto"])}"')
    assertContains(response, "Implemented")
    for hidden in ("Pending Place", "Declined Place", "Archived Place"):
        assertNotContains(response, hidden)


def test_the_other_side_sees_the_same_transfers_the_other_way(client, world):
    context = client.get(organisation_url(world["porto"])).context
    assert titles(context["transfers_made"]) == ["Creative vouchers"]
    assert titles(context["transfers_received"]) == ["Design labs"]


def test_a_region_shows_its_practices_and_transfers(client, world):
    response = client.get(region_url("PT11"))
    assert response.status_code == HTTPStatus.OK
    context = response.context
    assert context["region"].name == "Norte"
    assertContains(response, "<h1>Norte (PT11)</h1>", html=True)
    assert {p.title for p in context["practices"]} == {"Maker spaces", "Design labs"}
    assert titles(context["transfers_made"]) == ["Creative vouchers"]
    assert titles(context["transfers_received"]) == ["Design labs"]
    assertNotContains(response, "Pending Place")


def test_a_nuts_code_takes_in_the_regions_within_it(client, world):
    # BE3 holds BE35 (Namur's transfer) and BE352 (the practice itself).
    context = client.get(region_url("BE3")).context
    assert [p.title for p in context["practices"]] == ["Creative vouchers"]
    assert titles(context["transfers_made"]) == ["Design labs"]
    assert titles(context["transfers_received"]) == ["Creative vouchers"]
    assert context["region"].name == ""
    # The exact code names the region as its transfer or practice has it.
    assert client.get(region_url("BE35")).context["region"].name == "Prov. Namur"


def test_a_country_page(client, world):
    response = client.get(region_url("PT"))
    assertContains(response, "<h1>Portugal</h1>", html=True)
    context = response.context
    assert {p.title for p in context["practices"]} == {"Maker spaces", "Design labs"}
    assert titles(context["transfers_made"]) == ["Creative vouchers"]
    assert titles(context["transfers_received"]) == ["Design labs"]


def test_greece_is_el_in_nuts_and_gr_in_iso(client):
    response = client.get(region_url("EL"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == region_url("GR")
    assert client.get(region_url("GR")).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/999999/",
        "/organisations/namur/",
        "/regions/be35/",
        "/regions/B/",
        "/regions/BE3567/",
        "/regions/XX/",
        # Nothing public names these: only a pending and a declined transfer.
        "/regions/PT16/",
        "/regions/PT17/",
        "/regions/DE21/",
    ],
)
def test_unknown_organisations_and_codes_are_not_found(client, world, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(code=st.text(min_size=1, max_size=12))
def test_any_code_gives_a_page_a_redirect_or_a_404(client, world, code):
    response = client.get(f"/regions/{quote(code, safe='')}/")
    assert response.status_code in {
        HTTPStatus.OK,
        HTTPStatus.MOVED_PERMANENTLY,
        HTTPStatus.NOT_FOUND,
    }, code


def test_no_contact_details_nor_private_notes(client, world):
    transfer = world["labs_to_namur"]
    recorder = transfer.recorded_by
    recorder.display_name = "Rosalind Recorder"
    recorder.save()
    transfer.is_contactable = True
    transfer.save()
    StageChange.objects.create(
        transfer=transfer, stage=Stage.ADAPTING, note="A note from the history."
    )
    for url in (organisation_url(world["namur"]), region_url("BE35")):
        body = client.get(url).content.decode()
        assert recorder.email not in body
        assert "Rosalind Recorder" not in body
        assert "A note from the history." not in body
        assert reverse("transfers:contact", args=[transfer.pk]) not in body
        assert "Not this practice." not in body


def grow(world, n):
    """Add n practices, partnerships and transfers both ways to Namur and PT11."""
    namur, porto = world["namur"], world["porto"]
    for _ in range(n):
        practice = PracticeFactory(
            main_institution=namur, country="PT", nuts_code="PT11"
        )
        PartnershipFactory(
            practice=PracticeFactory(nuts_code="PT11"), organisation=namur
        )
        TransferFactory(
            practice=practice,
            organisation=porto,
            organisation_name="",
            country="PT",
            nuts_code="PT11",
            confirmed=True,
        )
        TransferFactory(
            practice=world["porto_practice"],
            organisation=namur,
            organisation_name="",
            confirmed=True,
        )


@pytest.mark.parametrize("page", ["organisation", "region", "country"])
def test_the_pages_keep_their_query_count_as_data_grows(
    client, world, page, django_assert_max_num_queries
):
    url = {
        "organisation": organisation_url(world["namur"]),
        "region": region_url("PT11"),
        "country": region_url("PT"),
    }[page]
    # A region page reads no organisation.
    budget = PAGE_QUERIES if page == "organisation" else PAGE_QUERIES - 1
    with django_assert_max_num_queries(budget):
        small = client.get(url)
    grow(world, 8)
    with django_assert_max_num_queries(budget):
        # Another address for the same page: the first one is cached.
        large = client.get(url, {"again": "1"})
    assert len(large.context["transfers_made"]) > len(small.context["transfers_made"])


def test_signed_in_readers_get_the_page_within_the_budget(
    client, world, user, django_assert_max_num_queries
):
    client.force_login(user)
    with django_assert_max_num_queries(PAGE_QUERIES + 2):
        response = client.get(organisation_url(world["namur"]))
    assert response.status_code == HTTPStatus.OK


def test_a_confirmation_shows_on_the_cached_pages(client, world, committed):
    urls = [organisation_url(world["porto"]), region_url("PT")]
    for url in urls:
        assertNotContains(client.get(url), "Pending Place")
    # Kept for anonymous readers: a change that bumps no generation is not seen.
    Transfer.objects.filter(pk=world["pending"].pk).update(region="Quiet Place")
    assertNotContains(client.get(urls[0]), "Quiet Place")
    pending = world["pending"]
    pending.status = Transfer.Status.CONFIRMED
    pending.region = "Pending Place"
    with committed():
        pending.save()
    for url in urls:
        assertContains(client.get(url), "Pending Place")


def test_the_french_pages(client, world):
    # Both addresses first: a French request leaves French active in the thread.
    organisation, region = organisation_url(world["namur"]), region_url("PT11")
    response = client.get(f"/fr{organisation}")
    assertContains(response, '<html lang="fr"', html=False)
    assertContains(response, "Transferts réalisés")
    assertContains(response, "Transferts reçus")
    assertContains(response, "Pratiques qu’elle mène ou auxquelles elle participe")
    response = client.get(f"/fr{region}")
    assertContains(response, "Pratiques situées ici")
    assertContains(response, "Transferts reçus")


def test_the_practice_page_links_to_the_organisations_and_regions(client, demo):
    response = client.get(WECD_URL)
    practice = response.context["practice"]
    cork = Transfer.objects.get(nuts_code="IE05").organisation
    for url in (
        organisation_url(practice.main_institution),
        organisation_url(practice.partnerships.last().organisation),
        organisation_url(cork),
        region_url("BE35"),
        region_url("IE05"),
        region_url("BG42"),
    ):
        assertContains(response, f'href="{url}"')


def test_the_practice_page_links_listed_organisations_without_a_query(
    client, world, django_assert_max_num_queries
):
    for _ in range(5):
        TransferFactory(
            practice=world["lead"],
            organisation=OrganisationFactory(),
            organisation_name="",
            confirmed=True,
        )
    with django_assert_max_num_queries(8):
        response = client.get(world["lead"].get_absolute_url())
    assertContains(response, f'href="{organisation_url(world["porto"])}"')


def test_the_demo_pages_show_transfers(client, demo):
    cork = Transfer.objects.get(nuts_code="IE05").organisation
    assert cork.name == "Cork City Council"
    made = client.get(organisation_url(cork)).context["transfers_made"]
    assert [t.nuts_code for t in made] == ["IE05"]
    wecd = Practice.objects.get()
    received = client.get(organisation_url(wecd.main_institution)).context[
        "transfers_received"
    ]
    assert {t.nuts_code for t in received} == {"IE05", "BG42"}
    region = client.get(region_url("BE35")).context
    assert len(region["transfers_received"]) == 2
    assert [p.pk for p in region["practices"]] == [wecd.pk]


def test_the_sitemap_lists_the_pages(client, world):
    sitemap = SITEMAPS["places"]()
    locations = set()
    for item in sitemap.items():
        locations.add(sitemap.location(item))
    assert organisation_url(world["namur"]) in locations
    assert organisation_url(world["porto"]) in locations
    assert {region_url(code) for code in ("PT11", "BE35", "BE352", "PT", "BE")} <= (
        locations
    )
    assert region_url("PT16") not in locations
    body = client.get(
        reverse("opendata:sitemap-section", args=["places"])
    ).content.decode()
    assert f"/fr{region_url('PT11')}" in body
