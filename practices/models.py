import dataclasses
import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import role_line

from . import search

nuts_code_validator = RegexValidator(
    r"^[A-Z]{2}[A-Z0-9]{0,3}$",
    _("Enter a NUTS code: two letters and up to three letters or digits (BE35)."),
)
# Topic names never contain it; it joins them in one aggregated column.
TOPIC_SEPARATOR = "\x1f"

# Staff add people to this group to let them review practices and give opinions.
EXPERTS_GROUP = "Experts"

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


class Organisation(models.Model):
    """An institution that leads or takes part in practices."""

    class Kind(models.TextChoices):
        PUBLIC_AUTHORITY = "public_authority", _("Public authority")
        AGENCY = "agency", _("Public agency")
        CLUSTER = "cluster", _("Cluster")
        EDUCATION = "education", _("Education and research")
        INVESTOR = "investor", _("Investor")
        BUSINESS_SUPPORT = "business_support", _("Business-support body")
        NON_PROFIT = "non_profit", _("Non-profit organisation")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)

    natural_key_field = "name"
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?partner={self.pk}"

    def natural_key(self):
        return (self.name,)


class Topic(models.Model):
    """A theme of the curated taxonomy that readers browse and filter by."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    natural_key_field = "slug"
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?topic={self.slug}"

    def natural_key(self):
        return (self.slug,)


def validate_keywords(value):
    if not isinstance(value, list) or not all(
        isinstance(word, str) and word.strip() for word in value
    ):
        raise ValidationError(_("Keywords must be a list of words or phrases."))


class TransitionNotAllowed(Exception):
    """A status change the practice's life cycle or the user's role forbids."""


class PracticeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def with_follower_count(self):
        """Annotate ``follower_count``.

        A subquery rather than a join, so that it adds no row to count twice
        whatever else is annotated, and the list can sort by it.
        """
        followers = (
            Follow.objects.filter(practice=OuterRef("pk"))
            .order_by()
            .values("practice")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            follower_count=Coalesce(Subquery(followers, output_field=IntegerField()), 0)
        )

    def with_topic_names(self):
        """Annotate the topics' names in the same query (``practice.topic_names``)."""
        names = (
            Topic.objects.filter(practices=OuterRef("pk"))
            .order_by()
            .values("practices")
            .annotate(names=StringAgg("name", Value(TOPIC_SEPARATOR)))
            .values("names")
        )
        return self.annotate(topic_names_joined=Subquery(names))

    def with_listed_followers(self):
        """Annotate the followers who agreed to be named, in the same query.

        Read with ``practice.listed_followers``. Each follower is a JSON object
        and the subquery joins them with commas, which every database can do
        (a JSON array aggregate is PostgreSQL's only).
        """
        people = (
            Follow.objects.filter(
                practice=OuterRef("pk"),
                user__is_listed_as_follower=True,
                user__is_active=True,
            )
            .order_by()
            .values("practice")
            .annotate(
                people=StringAgg(
                    Cast(
                        JSONObject(
                            id="pk",
                            since="created_at",
                            display_name="user__display_name",
                            job_title="user__job_title",
                            organisation="user__organisation",
                        ),
                        models.TextField(),
                    ),
                    Value(","),
                )
            )
            .values("people")
        )
        return self.annotate(listed_followers_joined=Subquery(people))

    def in_review(self):
        return self.filter(status=Practice.Status.IN_REVIEW)

    def unpublished_by(self, user):
        """Return the user's practices that are not (yet) public."""
        return self.filter(author=user).exclude(status=Practice.Status.PUBLISHED)

    def previewable_by(self, user):
        """Return the practices whose page the user may see, public or not."""
        if not user.is_authenticated:
            return self.published()
        if user.is_staff:
            return self.all()
        # Whether the user reviews is asked in the same query (Django's own
        # with_perm), instead of loading their permissions first.
        reviewer = Exists(
            get_user_model()
            .objects.with_perm(
                "practices.review_practice",
                backend="accounts.backends.AccountBackend",
            )
            .filter(pk=user.pk)
        )
        return self.filter(
            Q(status=Practice.Status.PUBLISHED)
            | Q(author=user)
            | Q(reviewer, status=Practice.Status.IN_REVIEW)
        )

    # --- Search -----------------------------------------------------------

    def refresh_search_vector(self):
        """Rebuild ``search_text`` (and on PostgreSQL ``search_vector``).

        Four reads and one bulk update whatever the number of practices, then
        on PostgreSQL one UPDATE that weighs the same words in SQL.
        """
        ids = list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        rows = Practice.objects.filter(pk__in=ids).values_list(
            "pk",
            "title",
            "summary",
            "keywords",
            "description",
            "main_institution__name",
        )
        texts = {
            pk: [title, summary, " ".join(keywords or []), description, institution]
            for pk, title, summary, keywords, description, institution in rows
        }
        for pk, name, acronym in Partnership.objects.filter(
            practice__in=ids
        ).values_list("practice", "organisation__name", "organisation__acronym"):
            texts[pk] += [name, acronym]
        for pk, title, description in ActionAxis.objects.filter(
            practice__in=ids
        ).values_list("practice", "title", "description"):
            texts[pk] += [title, description]
        for pk, text, solution in PracticeItem.objects.filter(
            practice__in=ids
        ).values_list("practice", "text", "solution"):
            texts[pk] += [text, solution]
        Practice.objects.bulk_update(
            [
                Practice(pk=pk, search_text=search.normalise(" ".join(filter(None, t))))
                for pk, t in texts.items()
            ],
            ["search_text"],
            batch_size=1000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(SEARCH_VECTOR_SQL + " WHERE p.id = ANY(%s)", [ids])
        return len(ids)

    def has_text_match(self, query):
        """Return True if some practice contains the words (PostgreSQL)."""
        return self.filter(search_vector=_search_query(query)).exists()

    def matching(self, query, fuzzy=False):
        """Keep the practices whose text matches ``query`` (no ranking).

        ``fuzzy`` (PostgreSQL) adds titles with a word close to the query's
        (trigram word similarity), for typos: callers ask for it only when the
        words themselves match nothing, which keeps the usual search on the
        full-text index alone.
        """
        if connection.vendor == "postgresql":
            condition = Q(search_vector=_search_query(query))
            if fuzzy:
                condition |= Q(title__trigram_word_similar=query)
            return self.filter(condition)
        words = search.query_words(query)
        if not words:
            return self.none()
        return self.filter(*[Q(search_text__contains=word) for word in words])

    def with_search_rank(self, query):
        """Annotate ``rank``: title matches first, then summary, then the rest."""
        if connection.vendor == "postgresql":
            return self.annotate(
                rank=SearchRank(F("search_vector"), _search_query(query))
                + TrigramWordSimilarity(query, "title") * Value(0.1)
            )
        words = search.query_words(query)
        title_hits = [
            Case(When(title__icontains=w, then=Value(2)), default=Value(0))
            for w in words
        ] or [Value(0)]
        summary_hits = [
            Case(When(summary__icontains=w, then=Value(1)), default=Value(0))
            for w in words
        ] or [Value(0)]
        return self.annotate(
            rank=Cast(sum(title_hits[1:], title_hits[0]), FloatField())
            + Cast(sum(summary_hits[1:], summary_hits[0]), FloatField())
        )

    def with_search_headline(self, query):
        """Annotate ``search_headline`` on PostgreSQL (see ``search.snippet``)."""
        if connection.vendor != "postgresql":
            return self
        return self.annotate(
            search_headline=SearchHeadline(
                Concat(
                    "summary",
                    Value(" "),
                    "description",
                    output_field=models.TextField(),
                ),
                _search_query(query),
                config=search.SEARCH_CONFIG,
                start_sel=search.MARK_START,
                stop_sel=search.MARK_STOP,
                max_words=search.SNIPPET_WORDS,
                min_words=12,
            )
        )

    def ongoing(self):
        return self.filter(_ongoing_q())

    def finished(self):
        return self.exclude(_ongoing_q())

    def facet(self, name, key, label=None):
        """Return ``(facet, key, label, n)`` rows counting practices per ``key``.

        ``key`` and ``label`` are expressions or field paths; facets of several
        querysets are combined with ``union`` into one query by the FilterSet.
        """
        key_expr = F(key) if isinstance(key, str) else key
        label_expr = F(label) if isinstance(label, str) else (label or key_expr)
        return (
            self.order_by()
            .annotate(
                facet_name=Value(name, output_field=models.CharField()),
                facet_key=Cast(key_expr, models.CharField()),
                facet_label=Cast(label_expr, models.CharField()),
            )
            .values("facet_name", "facet_key", "facet_label")
            .annotate(n=Count("pk", distinct=True))
            .values_list("facet_name", "facet_key", "facet_label", "n")
        )

    def related_to(self, practice, limit=4):
        """Return published practices sharing topics or partners, best first.

        One query that starts from the practice's own topics and partners (their
        indexes), so its cost follows how many practices share them, not how
        many there are: correlated scores over every practice took 0.4 s at
        10,000 practices. A shared partner weighs more than a shared topic.
        """
        topic_ids = Practice.topics.through.objects.filter(practice=practice).values(
            "topic"
        )
        partner_ids = Partnership.objects.filter(practice=practice).values(
            "organisation"
        )
        shares_topic = Q(topics__in=topic_ids)
        shares_partner = Q(partnerships__organisation__in=partner_ids)
        return (
            self.published()
            .exclude(pk=practice.pk)
            .filter(shares_topic | shares_partner)
            .select_related("main_institution")
            .annotate(
                relatedness=Count("partnerships", filter=shares_partner, distinct=True)
                * 3
                + Count("topics", filter=shares_topic, distinct=True) * 2
            )
            .order_by("-relatedness", "-start_date", "pk")[:limit]
        )

    def with_page_data(self):
        """Fetch everything the practice page shows, in a fixed number of queries."""
        return (
            self.select_related("main_institution")
            .with_follower_count()
            .with_topic_names()
            .with_listed_followers()
            .prefetch_related(*page_data_prefetches())
        )


def page_data_prefetches():
    """The related rows the practice page shows, one query each."""
    return [
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("organisation"),
        ),
        "axes",
        "funding_sources",
        "items",
    ]


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=search.SEARCH_CONFIG)


def _ongoing_q():
    this_month = datetime.date.today().replace(day=1)
    return Q(end_date__isnull=True) | Q(end_date__gte=this_month)


def _agg(sql):
    return f"coalesce(({sql}), '')"


# Weighted vector of the practice ``p`` and its parts; see practices/search.py.
SEARCH_VECTOR_SQL = f"""
UPDATE practices_practice p SET search_vector =
  setweight(to_tsvector('{search.SEARCH_CONFIG}', p.title), 'A')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', p.summary || ' ' || {
    _agg("SELECT string_agg(k, ' ') FROM jsonb_array_elements_text(p.keywords) k")
}), 'B')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', p.description || ' ' || {
    _agg(
        "SELECT o.name || ' ' || o.acronym FROM practices_organisation o "
        "WHERE o.id = p.main_institution_id"
    )
} || ' ' || {
    _agg(
        "SELECT string_agg(o.name || ' ' || o.acronym, ' ') "
        "FROM practices_partnership pp JOIN practices_organisation o "
        "ON o.id = pp.organisation_id WHERE pp.practice_id = p.id"
    )
} || ' ' || {
    _agg(
        "SELECT string_agg(a.title || ' ' || a.description, ' ') "
        "FROM practices_actionaxis a WHERE a.practice_id = p.id"
    )
}), 'C')
  || setweight(to_tsvector('{search.SEARCH_CONFIG}', {
    _agg(
        "SELECT string_agg(i.text || ' ' || i.solution, ' ') "
        "FROM practices_practiceitem i WHERE i.practice_id = p.id"
    )
}), 'D')
"""


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

    def natural_key(self):
        return (self.slug,)

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

    def missing_for_submission(self):
        """Return the names of the required parts a submission still lacks."""
        required = {
            _("main institution"): self.main_institution_id,
            _("country"): self.country,
            _("start"): self.start_date,
            _("summary"): self.summary,
            _("description"): self.description,
        }
        return [str(name) for name, value in required.items() if not value]

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

    def transition(self, to, by, comment=""):
        """Move the practice to status ``to`` on behalf of ``by`` and record it.

        Raise TransitionNotAllowed, with a message for the user, when the
        life cycle has no such step or ``by`` may not take it.
        """
        to = self.Status(to)
        allowed = TRANSITIONS.get((self.status, to))
        if allowed is None:
            raise TransitionNotAllowed(
                _("A practice cannot go from “%(from)s” to “%(to)s”.")
                % {"from": self.get_status_display(), "to": to.label}
            )
        if not allowed & self.roles_of(by):
            raise TransitionNotAllowed(
                _("You may not move this practice from “%(from)s” to “%(to)s”.")
                % {"from": self.get_status_display(), "to": to.label}
            )
        if to == self.Status.CHANGES_REQUESTED and not comment.strip():
            raise TransitionNotAllowed(_("Say which changes you request."))
        if to == self.Status.IN_REVIEW and (missing := self.missing_for_submission()):
            raise TransitionNotAllowed(
                _("Complete the practice before submitting it: %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        if (
            to == self.Status.PUBLISHED
            and self.status == self.Status.IN_REVIEW
            and "staff" not in self.roles_of(by)
            and not self.opinions.filter(expert=by).exists()
        ):
            raise TransitionNotAllowed(_("Give your expert opinion to publish."))
        from_status = self.status
        self.status = to
        if to == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])
        record = self.transitions.create(
            from_status=from_status, to_status=to, by=by, comment=comment
        )
        if to == self.Status.PUBLISHED:
            # signals imports this module, hence the late import.
            from .signals import practice_changed

            practice_changed.send(sender=Practice, practice=self, kind="published")
        return record

    @property
    def is_ongoing(self):
        return self.end_date is None or self.end_date >= datetime.date.today().replace(
            day=1
        )

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


_S = Practice.Status
# Who may take each step of the life cycle; any pair not listed is refused.
TRANSITIONS = {
    (_S.DRAFT, _S.IN_REVIEW): {"author", "staff"},
    (_S.IN_REVIEW, _S.DRAFT): {"author", "staff"},
    (_S.CHANGES_REQUESTED, _S.IN_REVIEW): {"author", "staff"},
    (_S.IN_REVIEW, _S.PUBLISHED): {"expert", "staff"},
    (_S.IN_REVIEW, _S.CHANGES_REQUESTED): {"expert", "staff"},
    (_S.PUBLISHED, _S.ARCHIVED): {"staff"},
    (_S.ARCHIVED, _S.PUBLISHED): {"staff"},
    (_S.DRAFT, _S.ARCHIVED): {"staff"},
    (_S.CHANGES_REQUESTED, _S.ARCHIVED): {"staff"},
    (_S.ARCHIVED, _S.DRAFT): {"staff"},
}


class PracticePart(models.Model):
    """An ordered part of a practice page (a partner, an axis, an item)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#{self.anchor}"


class Partnership(PracticePart):
    """An organisation taking part in a practice, with the role it played."""

    anchor = "partners"
    practice = models.ForeignKey(
        Practice,
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
        Practice,
        on_delete=models.CASCADE,
        related_name="axes",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

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
        Practice,
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
        Practice,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("practice"),
    )
    section = models.CharField(_("section"), max_length=20, choices=Section)
    text = models.TextField(_("text"))
    solution = models.TextField(
        _("solution"), blank=True, help_text=_("For a difficulty: how it was solved.")
    )

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


@dataclasses.dataclass(frozen=True)
class ReaderView:
    """What a signed-in reader sees of a practice beyond its public page."""

    opinions: list
    follows_practice: bool
    has_verified_email: bool


class ExpertOpinionManager(models.Manager):
    def for_reader(self, practice, user):
        """Return the ``ReaderView`` of ``practice`` for ``user``, in one query.

        The practice's opinions, their experts' names, and the reader's follow
        and verified address. Written in SQL because it runs on every signed-in
        view of a practice: compiling the same with the ORM cost more than the
        rest of the view together; ``raw()`` still converts the fields' values.
        The opinions' rows are left-joined to a one-row table, so the reader's
        state comes back even when there is no opinion.
        """
        from allauth.account.models import EmailAddress

        User = self.model._meta.get_field("expert").related_model
        expert_fields = ["id", "email", "display_name", "job_title", "organisation"]
        expert_columns = ", ".join(f"u.{f} AS expert__{f}" for f in expert_fields)
        rows = list(
            self.raw(
                f"""
                SELECT o.id, o.created_at, o.updated_at, o.practice_id,
                       o.expert_id, o.text, {expert_columns},
                       EXISTS (SELECT 1 FROM {Follow._meta.db_table}
                               WHERE user_id = %s AND practice_id = %s)
                           AS follows_practice,
                       EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table}
                               WHERE user_id = %s AND verified = %s)
                           AS has_verified_email
                FROM (SELECT 1 AS one) AS reader
                LEFT JOIN {self.model._meta.db_table} o ON o.practice_id = %s
                LEFT JOIN {User._meta.db_table} u ON u.id = o.expert_id
                ORDER BY o.created_at DESC
                """,
                [user.pk, practice.pk, user.pk, True, practice.pk],
            )
        )
        opinions = [opinion for opinion in rows if opinion.pk is not None]
        for opinion in opinions:
            opinion.practice = practice
            values = [getattr(opinion, f"expert__{f}") for f in expert_fields]
            # A deleted expert leaves the opinion without one (SET_NULL).
            opinion.expert = (
                User.from_db(self.db, expert_fields, values)
                if opinion.expert_id is not None
                else None
            )
        return ReaderView(
            opinions=opinions,
            follows_practice=bool(rows[0].follows_practice),
            has_verified_email=bool(rows[0].has_verified_email),
        )


class ExpertOpinion(TimeStampedModel):
    """A platform expert's judgement of a practice, shown to signed-in users only."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="opinions",
        verbose_name=_("practice"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="expert_opinions",
        verbose_name=_("expert"),
    )
    text = models.TextField(_("opinion"))

    objects = ExpertOpinionManager()

    class Meta:
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "expert"], name="expert_opinion_one_per_expert"
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="expert_opinion_text_not_empty"
            ),
        ]

    def __str__(self):
        return _("Opinion of %(expert)s on %(practice)s") % {
            "expert": self.expert or _("a former expert"),
            "practice": self.practice,
        }

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#expert-opinion"


class FollowQuerySet(models.QuerySet):
    def follow(self, user, practice):
        """Follow once, however often asked (a double click, two tabs)."""
        follow, _created = self.get_or_create(user=user, practice=practice)
        return follow

    def for_dashboard(self, user):
        """The user's follows of public practices, latest change first."""
        return (
            self.filter(user=user, practice__status=Practice.Status.PUBLISHED)
            .select_related("practice")
            .order_by("-practice__updated_at", "pk")
        )


class Follow(models.Model):
    """A user following a practice, to hear when it changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("practice"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="follow_unique")
        ]

    def __str__(self):
        return f"{self.user} → {self.practice}"

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#followers"
