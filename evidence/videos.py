"""Videos of a practice: links to a video host, loaded only when a reader asks.

The practice page shows a video as a link with its title and host; nothing
from the host is requested until the reader follows "Load the video", which
opens ``evidence:video``, a page of our own that embeds the host's player (for
the hosts whose embed address is known) or links out.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_ID = r"[A-Za-z0-9_-]{4,64}"


def validate_https(value):
    """Refuse any address that is not https: a video is never fetched in clear."""
    if urlsplit(value).scheme.lower() != "https":
        raise ValidationError(
            _("Give an address starting with https://."), code="not_https"
        )


def _within(host, domain):
    """Return True if ``host`` is ``domain`` or one of its subdomains."""
    return host == domain or host.endswith(f".{domain}")


def _youtube(host, path, query):
    if host in {"youtu.be"}:
        found = re.fullmatch(rf"/({_ID})/?", path)
    elif _within(host, "youtube.com") or _within(host, "youtube-nocookie.com"):
        found = re.fullmatch(rf"/(?:embed|shorts|live)/({_ID})/?", path)
        if found is None and path.rstrip("/") == "/watch":
            ids = [v for v in query.get("v", []) if re.fullmatch(_ID, v)]
            return f"https://www.youtube-nocookie.com/embed/{ids[0]}" if ids else ""
    else:
        return None
    return f"https://www.youtube-nocookie.com/embed/{found[1]}" if found else ""


def _vimeo(host, path, query):
    if not _within(host, "vimeo.com"):
        return None
    found = re.fullmatch(r"/(?:video/)?(\d{1,20})/?", path)
    return f"https://player.vimeo.com/video/{found[1]}" if found else ""


def _dailymotion(host, path, query):
    if not _within(host, "dailymotion.com"):
        return None
    found = re.fullmatch(rf"/(?:embed/)?video/({_ID})/?", path)
    return f"https://www.dailymotion.com/embed/video/{found[1]}" if found else ""


def _peertube(host, path, query):
    # PeerTube runs on many hosts; its watch addresses have one of two shapes.
    found = re.fullmatch(rf"/(?:w|videos/watch|videos/embed)/({_ID})/?", path)
    return f"https://{host}/videos/embed/{found[1]}" if found else None


EMBEDDERS = (_youtube, _vimeo, _dailymotion, _peertube)


def embed_url(url):
    """Return the player address of a video at a known host, or "" if unknown."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if parts.port:
        return ""
    for embedder in EMBEDDERS:
        found = embedder(host, parts.path, parse_qs(parts.query))
        if found is not None:
            return found
    return ""


class Video(models.Model):
    """A video about a practice, kept as a link to where it is hosted.

    Shown to those who may see the practice: a draft's videos are as private
    as the draft.
    """

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="videos",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[validate_https],
        help_text=_(
            "The video's page at its host, starting with https:// "
            "(e.g. YouTube, Vimeo, PeerTube or an EU video portal)."
        ),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        app_label = "evidence"
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(url__startswith="https://"),
                name="video_https_only",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence:video", kwargs={"pk": self.pk})

    @property
    def host(self):
        """The host's name as readers see it, without "www."."""
        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.")

    @property
    def embed_url(self):
        return embed_url(self.url)

    @property
    def embed_origin(self):
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
