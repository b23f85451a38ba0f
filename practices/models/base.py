"""Shared building blocks of the practices models."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

nuts_code_validator = RegexValidator(
    r"^[A-Z]{2}[A-Z0-9]{0,3}$",
    _("Enter a NUTS code: two letters and up to three letters or digits (BE35)."),
)
# Topic names never contain it; it joins them in one aggregated column.
TOPIC_SEPARATOR = "\x1f"

# Staff add people to this group to let them review practices and give opinions.
EXPERTS_GROUP = "Experts"


class PeriodHint(models.TextChoices):
    """``Practice.period_hint``: what the search index knows of a practice's end.

    "finished" once the end has passed, which stays so; "ongoing" may have
    ended since it was saved, so the end is checked too (``ongoing_q``).
    """

    MAY_BE_ONGOING = "ongoing", _("may be ongoing")
    FINISHED = "finished", _("finished")


currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code (EUR).")
)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class NaturalKeyManager(models.Manager):
    """Look rows up by the model's unique ``natural_key_field``.

    Fixtures then refer to rows by name instead of by primary key.
    """

    def get_by_natural_key(self, value):
        return self.get(**{self.model.natural_key_field: value})


def validate_keywords(value):
    if not isinstance(value, list) or not all(
        isinstance(word, str) and word.strip() for word in value
    ):
        raise ValidationError(_("Keywords must be a list of words or phrases."))
