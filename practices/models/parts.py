"""The ordered parts of a practice: partners, axes, funding and narrative items."""

from django.db import models
from django.db.models import (
    Q,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from ..languages import column
from .organisations import Organisation


class PracticePart(models.Model):
    """An ordered part of a practice page (a partner, an axis, an item)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The fields with a column per language (practices/translation.py).
    TEXT_FIELDS = ()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def save(self, *args, **kwargs):
        if not self.TEXT_FIELDS:
            return super().save(*args, **kwargs)
        # As Practice.save: the library fills the untranslated columns ("title")
        # with the current language's text; make that the original's.
        with override(self.practice.language):
            return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#{self.anchor}"

    def text_in(self, language):
        """Return the part's own text in ``language`` ({field: text})."""
        return {
            name: getattr(self, column(name, language)) or ""
            for name in self.TEXT_FIELDS
        }


class Partnership(PracticePart):
    """An organisation taking part in a practice, with the role it played."""

    anchor = "partners"
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("practice"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=250, blank=True)

    TEXT_FIELDS = ("role",)

    class Meta(PracticePart.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="partnership_unique"
            )
        ]

    def __str__(self):
        return str(self.organisation)


class ActionAxis(PracticePart):
    """One axis of the practice's action programme."""

    anchor = "axes"
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="axes",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    TEXT_FIELDS = ("title", "description")

    class Meta(PracticePart.Meta):
        verbose_name = _("action axis")
        verbose_name_plural = _("action axes")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "title"], name="action_axis_unique_title"
            )
        ]

    def __str__(self):
        return self.title


class FundingSource(PracticePart):
    """Who paid for the practice (the seed: the EU and Wallonia, co-financing)."""

    class Kind(models.TextChoices):
        EU = "eu", _("European Union")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")
        PRIVATE = "private", _("Private")
        OTHER = "other", _("Other")

    anchor = "resources"
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="funding_sources",
        verbose_name=_("practice"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)

    class Meta(PracticePart.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"], name="funding_source_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class PracticeItem(PracticePart):
    """A point in one of the narrative sections: evidence, difficulty or lesson."""

    class Section(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence of success")
        DIFFICULTY = "difficulty", _("Difficulty encountered")
        LEARNING = "learning", _("Potential for learning or transfer")

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("practice"),
    )
    section = models.CharField(_("section"), max_length=20, choices=Section)
    text = models.TextField(_("text"))
    solution = models.TextField(
        _("solution"), blank=True, help_text=_("For a difficulty: how it was solved.")
    )

    TEXT_FIELDS = ("text", "solution")

    class Meta(PracticePart.Meta):
        verbose_name = _("section item")
        verbose_name_plural = _("section items")
        ordering = ["section", "order", "pk"]
        indexes = [models.Index(fields=["practice", "section", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(section="difficulty") | Q(solution=""),
                name="practice_item_solution_only_for_difficulty",
                violation_error_message=_("Only a difficulty has a solution."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="practice_item_text_not_empty"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def anchor(self):
        """Return the id of the page section this item is shown in."""
        return {"difficulty": "difficulties"}.get(self.section, self.section)
