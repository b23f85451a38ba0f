import json
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("accounts:data-export")


def download(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == HTTPStatus.OK
    return response, json.loads(response.content)


def test_the_data_page_offers_the_download_and_the_deletion(client):
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("accounts:data"))
    assertContains(response, f'href="{EXPORT_URL}"')
    assertContains(response, f'href="{reverse("accounts:delete")}"')


def test_the_download_is_a_private_json_attachment(client):
    client.force_login(UserFactory(verified=True))
    response, _ = download(client)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


def test_the_download_holds_everything_about_the_user_and_nothing_else(client):
    user = UserFactory(
        verified=True, display_name="Ada", job_title="Cluster manager", country="BE"
    )
    followed = FollowFactory(user=user).practice
    opinion = ExpertOpinionFactory(expert=user, text="My own judgement.")
    authored = PracticeFactory(author=user, draft=True)
    someone_else = UserFactory()
    FollowFactory(user=someone_else)
    ExpertOpinionFactory(expert=someone_else, text="Someone else's judgement.")
    client.force_login(user)

    _, payload = download(client)

    accounts = payload["data"]["accounts"]
    assert accounts["profile"]["email"] == user.email
    assert accounts["profile"]["display_name"] == "Ada"
    assert accounts["profile"]["country"] == "BE"
    assert accounts["profile"]["is_listed_as_follower"] is False
    assert accounts["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    assert accounts["date_joined"]
    assert "last_login" in accounts
    practices = payload["data"]["practices"]
    assert [f["practice__slug"] for f in practices["follows"]] == [followed.slug]
    assert [o["text"] for o in practices["expert_opinions"]] == [opinion.text]
    assert practices["practices_authored"] == [
        {"title": authored.title, "slug": authored.slug, "status": "draft"}
    ]
    assert "Someone else" not in json.dumps(payload)
    assert someone_else.email not in json.dumps(payload)


def test_every_app_with_a_hook_adds_its_part(client):
    from django.apps import apps

    client.force_login(UserFactory(verified=True))
    _, payload = download(client)
    hooked = {
        config.label
        for config in apps.get_app_configs()
        if hasattr(config, "personal_data")
    }
    assert {"accounts", "practices"} <= hooked
    assert set(payload["data"]) == hooked


def test_the_download_costs_the_same_however_much_the_user_did(client):
    # Compared rather than pinned: each app that adds a hook adds its queries.
    def queries_for(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            download(client)
        return len(queries)

    quiet = UserFactory(verified=True)
    busy = UserFactory(verified=True)
    for _ in range(5):
        FollowFactory(user=busy)
        ExpertOpinionFactory(expert=busy)
        PracticeFactory(author=busy)
    assert queries_for(busy) == queries_for(quiet)
