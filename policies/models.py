"""The policy objectives a practice serves: EU cohesion policy and the UN SDGs."""

import json

from django.db import models
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, JSONObject
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PolicyTagQuerySet(models.QuerySet):
    def objectives(self):
        return self.filter(kind=PolicyTag.Kind.OBJECTIVE)

    def goals(self):
        return self.filter(kind=PolicyTag.Kind.SDG)


class PolicyTag(models.Model):
    """One of the 5 cohesion policy objectives 2021-2027 or one of the 17 SDGs.

    A fixed list, seeded by a data migration, with a name per language
    (``name_en``, ``name_fr``; policies/translation.py).
    """

    class Kind(models.TextChoices):
        OBJECTIVE = "objective", _("EU cohesion policy objective")
        SDG = "sdg", _("UN Sustainable Development Goal")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    practices = models.ManyToManyField(
        "practices.Practice",
        related_name="policy_tags",
        blank=True,
        verbose_name=_("practices"),
    )

    objects = PolicyTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy tag")
        verbose_name_plural = _("policy tags")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"], name="policy_tag_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="objective", number__gte=1, number__lte=5)
                | models.Q(kind="sdg", number__gte=1, number__lte=17),
                name="policy_tag_number_in_range",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?{self.kind}={self.slug}"

    @property
    def short_label(self):
        """ "PO1" or "SDG 8", as the reader's language writes it."""
        if self.kind == self.Kind.OBJECTIVE:
            return gettext("PO%(number)d") % {"number": self.number}
        return gettext("SDG %(number)d") % {"number": self.number}

    @property
    def label(self):
        return f"{self.short_label} · {self.name}"


TAG_FIELDS = ["id", "kind", "number", "slug", "name_en", "name_fr"]


def with_policy_tags(practices):
    """Annotate a practice's tags in the query that reads it (``tags_of``)."""
    rows = (
        PolicyTag.practices.through.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            rows=StringAgg(
                Cast(
                    JSONObject(**{name: f"policytag__{name}" for name in TAG_FIELDS}),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("rows")
    )
    return practices.annotate(policy_tags_joined=Subquery(rows))


def tags_of(practice):
    """Return the practice's tags, objectives first, without a query if annotated.

    Annotated (``with_policy_tags``), prefetched (``policy_tags``), or queried.
    """
    if hasattr(practice, "policy_tags_joined"):
        rows = json.loads(f"[{practice.policy_tags_joined or ''}]")
        tags = [PolicyTag(**row) for row in rows]
    else:
        tags = list(practice.policy_tags.all())
    tags.sort(key=lambda tag: (tag.kind, tag.number))
    return tags
