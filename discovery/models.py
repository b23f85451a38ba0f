"""Saved searches and followed topics: the new practices a member wants to hear of.

The notices themselves are ``following.models.Notice`` rows (kinds
``search_match`` and ``topic_match``).
"""

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from following.models import Frequency
from practices.models import Practice, Topic

# The list's parameters a saved search keeps; paging is not part of a search.
SEARCH_PARAMETERS = [
    "q",
    "topic",
    "country",
    "region",
    "kind",
    "partner",
    "year_from",
    "year_to",
    "budget_min",
    "budget_max",
    "period",
    "sort",
]


def clean_query(data):
    """Return the list's search parameters of ``data`` as a canonical query string.

    Unknown and empty parameters are dropped and the order is fixed, so the
    same search saved twice is the same string.
    """
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        value = (data.get(name) or "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


class SavedSearch(models.Model):
    """A member's search of the practice list, kept under a name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("e-mail me about new matching practices"),
        max_length=20,
        choices=Frequency,
        default=Frequency.IMMEDIATELY,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], name="saved_search_name_once_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.name}"

    def get_absolute_url(self):
        url = reverse("practices:list")
        return f"{url}?{self.query}" if self.query else url

    def filterset(self, queryset=None):
        from practices.filters import PracticeFilter

        kwargs = {"queryset": queryset} if queryset is not None else {}
        return PracticeFilter(QueryDict(self.query), **kwargs)

    def matches(self, practice):
        """Return True if the published ``practice`` is among this search's results."""
        filterset = self.filterset(
            queryset=Practice.objects.published().filter(pk=practice.pk)
        )
        if not filterset.is_valid():
            return False
        return filterset.filtered().exists()

    def criteria(self):
        """Return (label, value) pairs describing the search, for people."""
        filterset = self.filterset()
        if not filterset.is_valid():
            return []
        described = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = filterset.form.fields[name]
            choices = dict(getattr(field, "choices", []) or [])
            shown = choices.get(value, value)
            if isinstance(value, models.Model):
                shown = str(value)
            described.append((field.label, shown))
        return described


class TopicFollow(models.Model):
    """A member following a topic, to hear of new practices on it.

    Beside ``SavedSearch``: both say which new practices a member wants to
    hear of, and both reach them as ``following`` notices.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="topic_follows",
        verbose_name=_("user"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("topic"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic follow")
        verbose_name_plural = _("topic follows")
        ordering = ["topic__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="topic_follow_once_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.topic}"

    def get_absolute_url(self):
        return self.topic.get_absolute_url()
