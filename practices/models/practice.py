"""The practice itself."""

import dataclasses
import json

from django.conf import settings
from django.contrib.postgres.search import (
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    F,
    Q,
)
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries.fields import CountryField
from modeltranslation.utils import get_language

from accounts.models import role_line
from practices.indexes import NullsLastIndex
from practices.validators import validate_single_line

from ..languages import PRACTICE_TEXT_FIELDS, column, columns, content_languages
from .base import (
    TOPIC_SEPARATOR,
    PeriodHint,
    TimeStampedModel,
    currency_validator,
    nuts_code_validator,
    validate_keywords,
)
from .organisations import Organisation, Topic
from .parts import PracticeItem
from .querysets import PracticeQuerySet, this_month


class Practice(TimeStampedModel):
    """A good practice: what a region or city did, with whom, and what others learn."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    description = models.TextField(_("description"))
    # The language the author wrote the practice in: its text lives in that
    # language's columns (practices/translation.py), a translation in the other.
    language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the practice is written in."),
    )
    # Empty only while a draft is being written (see practice_complete_unless_draft).
    main_institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_practices",
        verbose_name=_("main institution"),
    )
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=150, blank=True)
    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        blank=True,
        validators=[nuts_code_validator],
        help_text=_("The region's NUTS code, e.g. BE35 for the Province of Namur."),
    )
    start_date = models.DateField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("Month precision: the first day of the month."),
    )
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("Month precision; leave empty while the practice is ongoing."),
    )

    # "finished" once the end has passed, which stays so. The search index holds
    # it, so that "ongoing" skips finished practices inside the index instead of
    # reading each from the table (docs/capacity.md); ``ongoing_q`` checks the end
    # too. Set on save, narrowed as months pass by ``narrow_period_hints``. Text,
    # not a boolean: PostgreSQL 15 matches a boolean column to btree indexes only.
    period_hint = models.CharField(
        max_length=8,
        choices=PeriodHint,
        default=PeriodHint.MAY_BE_ONGOING,
        editable=False,
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="practices", verbose_name=_("topics")
    )
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, validators=[validate_keywords]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_practices",
        verbose_name=_("author"),
        help_text=_("The person readers contact about this practice."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # Resources needed.
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[currency_validator]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), null=True, blank=True
    )
    resources_note = models.TextField(_("resources needed"), blank=True)

    # Search: derived from the practice and its parts by
    # ``PracticeQuerySet.refresh_search_vector()``, never edited by hand.
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_("Generated test data (seed_synthetic), not a real practice."),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-start_date", "title"]
        permissions = [
            ("review_practice", _("Can review practices and give expert opinions")),
        ]
        indexes = [
            models.Index(fields=["status", "-start_date"]),
            models.Index(fields=["country", "region"]),
            # The home page's latest practices, without sorting every one.
            NullsLastIndex(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="practice_latest_published",
                condition=Q(status="published"),
            ),
            # The few practices narrow_period_hints looks at.
            models.Index(
                fields=["end_date"],
                name="practice_may_have_ended",
                condition=Q(
                    period_hint=PeriodHint.MAY_BE_ONGOING, end_date__isnull=False
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__day=1),
                name="practice_start_is_month",
                violation_error_message=_("The start is a month: use its first day."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__day=1),
                name="practice_end_is_month",
                violation_error_message=_("The end is a month: use its first day."),
            ),
            models.CheckConstraint(
                condition=Q(period_hint=PeriodHint.MAY_BE_ONGOING)
                | Q(period_hint=PeriodHint.FINISHED, end_date__isnull=False),
                name="practice_period_hint_valid",
                violation_error_message=_("A practice without an end is ongoing."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="practice_ends_after_start",
                violation_error_message=_("The end cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="practice_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gte=1),
                name="practice_duration_positive",
                violation_error_message=_("The duration is at least one month."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
                violation_error_message=_("A published practice needs a date."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="practice_slug_not_empty"
            ),
            # The submission wizard saves a draft from its first step on.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(main_institution__isnull=False)
                    & Q(start_date__isnull=False)
                    & ~Q(country="")
                ),
                name="practice_complete_unless_draft",
                violation_error_message=_(
                    "Only a draft may lack its main institution, country or start."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    # What other practices' pages show of this one (related practices), so a
    # change of these retires every page, not this practice's alone.
    SHOWN_ELSEWHERE = ("title", "slug", "status", "country", "main_institution_id")

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._shown_elsewhere = instance.shown_elsewhere()
        return instance

    def shown_elsewhere(self):
        # From __dict__: a field left out of the query is not loaded for this.
        names = [*self.SHOWN_ELSEWHERE, *columns("title")]
        return tuple(self.__dict__.get(name) for name in names)

    def shown_elsewhere_changed(self):
        """Whether what other pages show of this practice has changed since loaded.

        Never for a practice that is not public and was not when loaded: no
        public page shows it.
        """
        loaded = getattr(self, "_shown_elsewhere", None)
        published = self.Status.PUBLISHED
        if self.status != published and (
            loaded is None or loaded[self.SHOWN_ELSEWHERE.index("status")] != published
        ):
            return False
        return loaded != self.shown_elsewhere()

    def save(self, *args, **kwargs):
        self.period_hint = self.current_period_hint()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "end_date" in update_fields:
            kwargs["update_fields"] = {*update_fields, "period_hint"}
        # django-modeltranslation keeps the untranslated columns ("title") and
        # fills them on save with the current language's text: make that the
        # original's, whatever the interface language of whoever saves.
        with override(self.language):
            super().save(*args, **kwargs)
        self._shown_elsewhere = self.shown_elsewhere()

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        # The title goes into e-mail subjects (notices to followers).
        try:
            validate_single_line(self.title)
        except ValidationError as error:
            raise ValidationError({"title": error}) from None

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self):
        """Return True if the author may change the practice now (not in review)."""
        return self.status in {
            self.Status.DRAFT,
            self.Status.CHANGES_REQUESTED,
            self.Status.PUBLISHED,
        }

    def missing_sections(self):
        """Return (name, wizard step number) of each required part still lacking."""
        required = [
            (_("summary"), 1, self.summary),
            (_("description"), 1, self.description),
            (_("main institution"), 2, self.main_institution_id),
            (_("country"), 2, self.country),
            (_("start"), 2, self.start_date),
            # Results as data (evidence app): a practice is compared by them.
            (
                _("at least one result indicator"),
                6,
                self.pk and self.indicators.exists(),
            ),
        ]
        return [(str(name), step) for name, step, value in required if not value]

    def missing_for_submission(self):
        """Return the names of the required parts a submission still lacks."""
        return [name for name, _step in self.missing_sections()]

    def roles_of(self, user):
        """Return the life-cycle roles ("author", "expert", "staff") of a user."""
        if user is None or not user.is_authenticated:
            return set()
        roles = set()
        if self.author_id is not None and self.author_id == user.pk:
            roles.add("author")
        elif user.has_perm("practices.review_practice"):
            # Nobody reviews their own submission.
            roles.add("expert")
        if user.is_staff:
            roles.add("staff")
        return roles

    # --- The languages of its text (practices/languages.py) ----------------

    def text_in(self, language):
        """Return the practice's own text in ``language`` ({field: text})."""
        return {
            name: getattr(self, column(name, language)) or ""
            for name in PRACTICE_TEXT_FIELDS
        }

    def has_text_in(self, language):
        """Return True if the practice can be read in ``language``."""
        return language == self.language or bool(
            getattr(self, column("title", language), None)
        )

    @property
    def languages(self):
        """The languages it can be read in, its original first."""
        return [self.language] + [
            code
            for code in content_languages()
            if code != self.language and self.has_text_in(code)
        ]

    @property
    def translation_languages(self):
        """The languages its author may translate it into."""
        return [code for code in content_languages() if code != self.language]

    @property
    def shown_language(self):
        """The language its text is shown in to a reader of the current interface."""
        reader = get_language()
        return reader if self.has_text_in(reader) else self.language

    @property
    def is_translated_for_reader(self):
        """True when the reader gets a translation rather than the original."""
        return self.shown_language != self.language

    @property
    def is_ongoing(self):
        return self.end_date is None or self.end_date >= this_month()

    def current_period_hint(self):
        if self.is_ongoing:
            return PeriodHint.MAY_BE_ONGOING
        return PeriodHint.FINISHED

    @property
    def topic_names(self):
        """The topics' names, sorted (needs with_topic_names)."""
        return sorted(
            filter(None, (self.topic_names_joined or "").split(TOPIC_SEPARATOR))
        )

    @cached_property
    def listed_followers(self):
        """The followers who agreed to be named, first follower first.

        Needs ``with_listed_followers`` (or ``with_page_data``).
        """
        people = json.loads(f"[{self.listed_followers_joined or ''}]")
        people.sort(key=lambda person: (person["since"], person["id"]))
        return [ListedFollower(**person) for person in people]

    @property
    def unlisted_follower_count(self):
        """Count the followers who did not agree to be named (needs with_page_data)."""
        return self.follower_count - len(self.listed_followers)

    def _items(self, section):
        # Filters the prefetched items in Python, so the page costs one query for all.
        return [item for item in self.items.all() if item.section == section]

    @property
    def evidence(self):
        return self._items(PracticeItem.Section.EVIDENCE)

    @property
    def difficulties(self):
        return self._items(PracticeItem.Section.DIFFICULTY)

    @property
    def learning_points(self):
        return self._items(PracticeItem.Section.LEARNING)


@dataclasses.dataclass(frozen=True)
class ListedFollower:
    """A follower as the practice page names them."""

    id: int
    since: str
    display_name: str
    job_title: str
    organisation: str

    @property
    def role_line(self):
        return role_line(self.job_title, self.organisation)
