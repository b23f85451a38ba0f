"""Public fields of a practice, the only ones the open-data surfaces publish.

Never an expert opinion, never an e-mail address: these functions are the one
place that decides what leaves the portal, and tests hold them to it.
"""

from django.db.models import Prefetch

from practices.languages import column, content_languages
from practices.models import Partnership
from transfers.models import confirmed_prefetch, transfer_data

CSV_FIELDS = [
    "title",
    "url",
    "summary",
    "country",
    "region",
    "nuts_code",
    "main_institution",
    "main_institution_kind",
    "partners",
    "topics",
    "keywords",
    "start_date",
    "end_date",
    "budget_amount",
    "budget_currency",
    "duration_months",
    "published_at",
    "updated_at",
    "transfers",
]


def for_list(queryset):
    """Prefetch what ``summary()`` reads, in a fixed number of queries."""
    return queryset.select_related("main_institution").prefetch_related(
        "topics",
        Prefetch(
            "partnerships", queryset=Partnership.objects.select_related("organisation")
        ),
        confirmed_prefetch(),
    )


def _month(value):
    return value.strftime("%Y-%m") if value else None


def summary(practice, absolute):
    """Return the public fields of a practice as plain JSON-able data."""
    institution = practice.main_institution
    codes = content_languages()
    original = practice.text_in(practice.language)
    return {
        "slug": practice.slug,
        # The original text; "translations" has every language's.
        "title": original["title"] or practice.title,
        "url": absolute(practice.get_absolute_url()),
        "summary": original["summary"] or practice.summary,
        "language": practice.language,
        "languages": practice.languages,
        "translations": {
            code: {
                key: value
                for key, value in practice.text_in(code).items()
                if key != "description"
            }
            for code in practice.languages
        },
        "country": practice.country.code,
        "region": practice.region,
        "nuts_code": practice.nuts_code,
        "main_institution": {"name": institution.name, "kind": institution.kind},
        "partners": [
            {"name": p.organisation.name, "role": p.role}
            for p in practice.partnerships.all()
        ],
        "topics": [topic.slug for topic in practice.topics.all()],
        "topic_names": {
            topic.slug: {code: getattr(topic, column("name", code)) for code in codes}
            for topic in practice.topics.all()
        },
        "keywords": list(practice.keywords or []),
        "start_date": _month(practice.start_date),
        "end_date": _month(practice.end_date),
        "is_ongoing": practice.is_ongoing,
        "budget": None
        if practice.budget_amount is None
        else {
            "amount": str(practice.budget_amount),
            "currency": practice.budget_currency,
        },
        "duration_months": practice.duration_months,
        "published_at": practice.published_at.isoformat()
        if practice.published_at
        else None,
        "updated_at": practice.updated_at.isoformat(),
        # Needs ``confirmed_prefetch()`` (``for_list`` has it).
        "transfers": [transfer_data(t) for t in practice.confirmed_transfers],
    }


def detail(practice, absolute):
    """Return a practice's page content: the summary, the text and its parts."""
    data = summary(practice, absolute)
    for code, text in data["translations"].items():
        text["description"] = practice.text_in(code)["description"]
    data.update(
        description=data["translations"][practice.language]["description"]
        or practice.description,
        resources_note=practice.resources_note,
        action_axes=[
            {"title": axis.title, "description": axis.description}
            for axis in practice.axes.all()
        ],
        funding_sources=[
            {"name": source.name, "kind": source.kind}
            for source in practice.funding_sources.all()
        ],
        evidence=[item.text for item in practice.evidence],
        difficulties=[
            {"text": item.text, "solution": item.solution}
            for item in practice.difficulties
        ],
        learning_points=[item.text for item in practice.learning_points],
        follower_count=practice.follower_count,
    )
    return data


def csv_row(practice, absolute):
    data = summary(practice, absolute)
    return [
        data["title"],
        data["url"],
        data["summary"],
        data["country"],
        data["region"],
        data["nuts_code"],
        data["main_institution"]["name"],
        data["main_institution"]["kind"],
        "; ".join(p["name"] for p in data["partners"]),
        "; ".join(data["topics"]),
        "; ".join(data["keywords"]),
        data["start_date"],
        data["end_date"] or "",
        data["budget"]["amount"] if data["budget"] else "",
        data["budget"]["currency"] if data["budget"] else "",
        data["duration_months"] or "",
        data["published_at"] or "",
        data["updated_at"],
        "; ".join(
            f"{t['organisation']} ({t['country']}"
            + (f" {t['nuts_code']}" if t["nuts_code"] else "")
            + f", {t['stage']}, {t['start_date']})"
            for t in data["transfers"]
        ),
    ]
