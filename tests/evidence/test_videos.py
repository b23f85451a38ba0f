"""Videos of a practice: https links, nothing loaded from the host until asked."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from evidence.models import Video
from evidence.videos import embed_url
from practices.limits import MAX_VIDEOS
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def add(client, practice, url=YOUTUBE, title="The Namur workshop"):
    return client.post(
        reverse("evidence:documents", args=[practice.pk]),
        {"kind": "video", "video-title": title, "video-url": url},
    )


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://peertube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            "https://peertube.example.org/videos/embed/9c9de5e8-0a1e",
        ),
        ("https://www.dailymotion.com/video/x8abcd", "https://www.dailymotion.com/"),
        ("https://audiovisual.ec.europa.eu/en/video/I-123456", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
        ("https://vimeo.com/channels/staffpicks", ""),
        # Not YouTube, whatever its name ends with: no player from there.
        ("https://notyoutube.com/watch?v=dQw4w9WgXcQ", ""),
    ],
)
def test_known_hosts_have_a_player_others_a_link(url, embed):
    found = embed_url(url)
    assert found.startswith(embed) if embed else found == ""


def test_the_author_adds_a_video(author_client, draft):
    response = add(author_client, draft)
    assert response.status_code == HTTPStatus.FOUND
    video = Video.objects.get()
    assert (video.practice, video.title, video.host) == (
        draft,
        "The Namur workshop",
        "youtube.com",
    )
    page = author_client.get(reverse("evidence:documents", args=[draft.pk]))
    assertContains(page, "The Namur workshop")


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "ftp://example.org/video.mp4",
        "not an address",
        "",
    ],
)
def test_only_https_addresses_are_taken(author_client, draft, url):
    response = add(author_client, draft, url=url, title="Kept title")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    if url.startswith(("http:", "ftp:")):
        assertContains(response, "starting with https://", status_code=400)
    assertContains(response, "Kept title", status_code=400)
    assert not Video.objects.exists()


def test_a_title_is_required(author_client, draft):
    response = add(author_client, draft, title="")
    assertContains(response, "This field is required", status_code=400)


def test_videos_per_practice_are_bounded(author_client, draft):
    Video.objects.bulk_create(
        Video(practice=draft, title=f"V{n}", url=YOUTUBE) for n in range(MAX_VIDEOS)
    )
    response = add(author_client, draft)
    assertContains(response, f"at most {MAX_VIDEOS} videos", status_code=400)
    assert Video.objects.count() == MAX_VIDEOS


def publish(practice):
    practice.status = practice.Status.PUBLISHED
    practice.published_at = practice.created_at
    practice.save()


@pytest.fixture
def video(draft):
    return Video.objects.create(practice=draft, title="The Namur workshop", url=YOUTUBE)


def test_the_practice_page_loads_nothing_from_the_host(client, video, committed):
    practice = video.practice
    with committed():
        publish(practice)
    response = client.get(practice.get_absolute_url())
    html = response.content.decode()
    assertContains(response, 'id="videos"')
    assertContains(response, f'<a href="{YOUTUBE}" rel="nofollow noopener">')
    assertContains(response, "The Namur workshop")
    assertContains(response, "on youtube.com")
    assertContains(response, reverse("evidence:video", args=[video.pk]))
    assert "<iframe" not in html
    # No element fetches anything from elsewhere: every src is our own.
    for source in re.findall(r'\ssrc(?:set)?="([^"]*)"', html):
        assert not re.match(r"^(https?:)?//", source), source
    api = client.get(reverse("opendata:api-detail", args=[practice.slug])).json()
    assert api["videos"] == [
        {"title": "The Namur workshop", "url": YOUTUBE, "host": "youtube.com"}
    ]


def test_the_video_page_embeds_a_known_host_only_there(client, video):
    publish(video.practice)
    response = client.get(video.get_absolute_url())
    assertContains(
        response, '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"'
    )
    assert (
        "frame-src https://www.youtube-nocookie.com"
        in (response["Content-Security-Policy"])
    )


def test_an_unknown_host_is_linked_out(client, draft):
    publish(draft)
    other = Video.objects.create(
        practice=draft, title="EU", url="https://audiovisual.ec.europa.eu/en/video/I-1"
    )
    response = client.get(other.get_absolute_url())
    assertNotContains(response, "<iframe")
    assertContains(response, "Watch it on audiovisual.ec.europa.eu")
    assert "frame-src" not in response["Content-Security-Policy"]


def test_a_drafts_videos_are_private(client, video):
    assert client.get(video.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(UserFactory(verified=True))
    assert client.get(video.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(video.practice.author)
    response = client.get(video.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


def test_only_the_author_deletes_a_video(client, video):
    delete = reverse("evidence:video-delete", args=[video.pk])
    client.force_login(UserFactory(verified=True))
    assert client.post(delete).status_code == HTTPStatus.NOT_FOUND
    client.force_login(video.practice.author)
    assert client.post(delete).status_code == HTTPStatus.FOUND
    assert not Video.objects.exists()


def test_videos_go_with_their_practice_and_into_the_export(video):
    author = video.practice.author
    assert author.personal_data()["evidence"]["videos_linked"][0]["url"] == YOUTUBE
    video.practice.delete()
    assert not Video.objects.exists()


def test_a_practice_without_videos_has_no_section(client):
    practice = PracticeFactory()
    assertNotContains(client.get(practice.get_absolute_url()), 'id="videos"')
