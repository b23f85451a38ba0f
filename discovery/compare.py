"""Side-by-side comparison of two to four published practices.

Other apps add rows without this module knowing their models: an AppConfig
that defines ``compare_rows(practices) -> list[(label, [value, …])]`` (one
value per practice, in order) gets its rows shown after the core ones. The
evidence app (evidence level, indicators) and the transfers app hook in that
way when they are installed; until then the table has only the core rows.
"""

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.models import Partnership, Practice

MIN_PRACTICES = 2
MAX_PRACTICES = 4


class CompareError(ValueError):
    """The comparison asked for cannot be made; the message says why."""


def requested_slugs(query):
    """Return the distinct ``p`` slugs of the query, in order."""
    seen = []
    for slug in query.getlist("p"):
        slug = slug.strip()
        if slug and slug not in seen:
            seen.append(slug)
    return seen


def practices_to_compare(slugs):
    """Return the published practices named by ``slugs``, in the same order (1 query).

    Raise CompareError when there are too few, too many or unknown ones.
    """
    if len(slugs) < MIN_PRACTICES or len(slugs) > MAX_PRACTICES:
        raise CompareError(
            _("Choose from %(min)d to %(max)d practices to compare; you chose %(n)d.")
            % {"min": MIN_PRACTICES, "max": MAX_PRACTICES, "n": len(slugs)}
        )
    partners = (
        Partnership.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = {
        practice.slug: practice
        for practice in Practice.objects.published()
        .filter(slug__in=slugs)
        .select_related("main_institution")
        .with_follower_count()
        .with_topic_names()
        .annotate(
            partner_count=Coalesce(Subquery(partners, output_field=IntegerField()), 0)
        )
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise CompareError(
            ngettext(
                "No published practice has the address “%(slugs)s”.",
                "No published practices have the addresses “%(slugs)s”.",
                len(unknown),
            )
            % {"slugs": "”, “".join(unknown)}
        )
    return [found[slug] for slug in slugs]


def _month(value):
    return date_filter(value, "YEAR_MONTH_FORMAT") if value else ""


def _budget(practice):
    if practice.budget_amount is None:
        return ""
    amount = number_format(practice.budget_amount, decimal_pos=0, force_grouping=True)
    return f"{amount} {practice.budget_currency}"


def _duration(practice):
    if practice.duration_months is None:
        return ""
    return ngettext("%(n)d month", "%(n)d months", practice.duration_months) % {
        "n": practice.duration_months
    }


def core_rows(practices):
    """The rows every comparison shows: (label, [value per practice])."""
    return [
        (
            _("Main institution"),
            [str(p.main_institution or "") for p in practices],
        ),
        (_("Country"), [p.country.name if p.country else "" for p in practices]),
        (_("Region"), [p.region for p in practices]),
        (_("Start"), [_month(p.start_date) for p in practices]),
        (
            _("End"),
            [_month(p.end_date) if p.end_date else _("ongoing") for p in practices],
        ),
        (_("Budget"), [_budget(p) for p in practices]),
        (_("Duration"), [_duration(p) for p in practices]),
        (_("Partners"), [str(p.partner_count) for p in practices]),
        (_("Topics"), [", ".join(p.topic_names) for p in practices]),
        (_("Followers"), [str(p.follower_count) for p in practices]),
    ]


def extra_rows(practices):
    """Rows added by other installed apps (see the module's docstring)."""
    rows = []
    for config in apps.get_app_configs():
        hook = getattr(config, "compare_rows", None)
        if hook is not None:
            rows += hook(practices)
    return rows


def comparison_rows(practices):
    return core_rows(practices) + extra_rows(practices)
