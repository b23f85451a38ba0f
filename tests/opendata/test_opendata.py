import csv
import io
import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from practices.models import ExpertOpinion, Practice
from tests.constants import WECD_SLUG
from tests.factories import PracticeFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secrets(demo):
    """What must never leave the portal: the opinion and the author's address."""
    opinion = ExpertOpinion.objects.get()
    practice = Practice.objects.get(slug=WECD_SLUG)
    return [opinion.text[:60], practice.author.email, opinion.expert.email]


def assert_no_secret(body, secrets):
    for secret in secrets:
        assert secret not in body
    assert "@example.org" not in body


# --- JSON API -------------------------------------------------------------------


def test_api_list_has_public_fields_only(client, secrets):
    response = client.get("/api/practices/")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["count"] == 1
    practice = data["results"][0]
    assert practice["title"] == "Wallonia European Creative District (WECD)"
    assert practice["country"] == "BE"
    assert practice["url"] == f"http://testserver/practices/{WECD_SLUG}/"
    assert "author" not in practice
    assert_no_secret(response.content.decode(), secrets)


def test_api_detail_has_the_page_content_but_never_the_gate(client, secrets):
    response = client.get(f"/api/practices/{WECD_SLUG}/")
    data = response.json()
    assert len(data["action_axes"]) == 4
    assert data["budget"] == {"amount": "1000000.00", "currency": "EUR"}
    assert "opinions" not in data and "expert_opinion" not in data
    assert_no_secret(response.content.decode(), secrets)


def test_api_hides_drafts(client):
    draft = PracticeFactory(draft=True)
    response = client.get(f"/api/practices/{draft.slug}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published practice has this address."}
    assert client.get("/api/practices/").json()["count"] == 0


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/practices/a/b/"])
def test_an_unknown_api_address_gets_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_api_uses_the_list_filters_and_paginates_with_links(client):
    topic = TopicFactory(slug="culture")
    for i in range(25):
        PracticeFactory(title=f"Tourism {i}").topics.add(topic)
    PracticeFactory(title="Tourism elsewhere")
    data = client.get("/api/practices/", {"q": "tourism", "topic": "culture"}).json()
    assert data["count"] == 25
    assert len(data["results"]) == 20
    assert data["previous"] is None
    assert data["next"] == (
        "http://testserver/api/practices/?q=tourism&topic=culture&page=2"
    )
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"].endswith("page=1")


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"sort": "nope"}, 400),
        ({"budget_min": "lots"}, 400),
        ({"page": "x"}, 400),
        ({"page": "99"}, 404),
    ],
)
def test_api_bad_parameters_get_a_json_error(client, params, status):
    PracticeFactory()
    response = client.get("/api/practices/", params)
    assert response.status_code == status
    assert "detail" in response.json()


def test_api_list_query_count_is_constant(client, django_assert_max_num_queries):
    PracticeFactory.create_batch(30)
    # The count, the page, and one each for topics, partners, indicators and
    # transfers: the same for 30 practices as for one.
    with django_assert_max_num_queries(6):
        client.get("/api/practices/")


def test_api_is_read_only(client):
    assert client.post("/api/practices/").status_code == 405


def test_openapi_describes_every_path_and_each_answers(client, demo):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    parameters = {
        p["name"] for p in document["paths"]["/api/practices/"]["get"]["parameters"]
    }
    assert {"q", "topic", "country", "sort", "page", "budget_min"} <= parameters
    for path, operations in document["paths"].items():
        url = path.replace("{slug}", WECD_SLUG)
        response = client.get(url)
        assert str(response.status_code) in operations["get"]["responses"], path
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]
        assert response["Content-Type"] == "application/json"
        if schema["schema"].get("required"):
            assert set(schema["schema"]["required"]) <= response.json().keys()
    summary = document["components"]["schemas"]["PracticeSummary"]
    result = client.get("/api/practices/").json()["results"][0]
    assert set(result) == set(summary["properties"])


# --- CSV ------------------------------------------------------------------------------


def test_csv_export_of_a_search(client, secrets):
    PracticeFactory(title="=HYPERLINK(evil)", summary="creative formula")
    response = client.get(reverse("practices:export-csv"), {"q": "creative"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    titles = {row["title"] for row in rows}
    assert titles == {"Wallonia European Creative District (WECD)", "'=HYPERLINK(evil)"}
    wecd = next(row for row in rows if row["title"].startswith("Wallonia"))
    assert "Wallonie Design" in wecd["partners"]
    assert_no_secret(body, secrets)


def test_csv_bad_parameters_are_400(client):
    response = client.get(reverse("practices:export-csv"), {"year_from": "soon"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "year_from" in response.content.decode()


# --- Feed, sitemap, robots, JSON-LD -------------------------------------------------


def test_atom_feed_lists_published_practices_without_secrets(client, secrets):
    PracticeFactory(title="Hidden draft", draft=True)
    response = client.get("/feeds/practices.atom")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Wallonia European Creative District (WECD)" in body
    assert "Hidden draft" not in body
    assert_no_secret(body, secrets)


def test_every_page_links_the_feed(client, demo):
    assertContains(
        client.get("/"),
        '<link rel="alternate" type="application/atom+xml"',
    )


def test_sitemap_lists_pages_and_practices_in_both_languages(client, secrets):
    PracticeFactory(slug="a-draft", draft=True)
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-practices.xml</loc>" in index
    body = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("pages", "practices")
    )
    for path in [
        "/",
        "/practices/",
        "/privacy/",
        "/accessibility/",
        f"/practices/{WECD_SLUG}/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in body
        assert f"<loc>http://testserver/fr{path}</loc>" in body
    assert 'hreflang="fr"' in body
    assert "a-draft" not in body
    assert_no_secret(body, secrets)


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_practice_page_carries_schema_org_json_ld(client, secrets):
    PracticeFactory(
        slug="tricky", title="</script><script>alert(1)</script>", summary="x"
    )
    response = client.get(f"/practices/{WECD_SLUG}/")
    body = response.content.decode()
    start = body.index('<script type="application/ld+json">')
    payload = body[start:].split(">", 1)[1].split("</script>", 1)[0]
    data = json.loads(payload)
    assert data["@type"] == "Article"
    assert data["headline"] == "Wallonia European Creative District (WECD)"
    assert data["url"] == f"http://testserver/practices/{WECD_SLUG}/"
    assert_no_secret(payload, secrets)
    tricky = client.get("/practices/tricky/").content.decode()
    assert "</script><script>alert(1)" not in tricky
    assert "\\u003C/script\\u003E" in tricky


def test_search_results_never_show_the_opinion(client, secrets):
    opinion_words = secrets[0].split()[:3]
    response = client.get("/practices/", {"q": " ".join(opinion_words)})
    assert_no_secret(response.content.decode(), secrets)
