"""Public fields of a practice, the only ones the open-data surfaces publish.

Never an expert opinion, never an e-mail address: these functions are the one
place that decides what leaves the portal, and tests hold them to it.
"""

from django.db.models import Prefetch

from evidence.models import documents_of, images_of, indicators_of, videos_of
from policies.models import tags_of, with_policy_tags
from practices.languages import column, content_languages
from practices.models import Partnership
from transfers.models import confirmed_prefetch, confirmed_transfers_of, transfer_data

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
    "evidence_level",
    "indicators",
    "cohesion_policy_objectives",
    "sustainable_development_goals",
]


def for_list(queryset):
    """Prefetch what ``summary()`` reads, in a fixed number of queries."""
    # The policy tags come in the page's own query (an annotation).
    return (
        with_policy_tags(queryset)
        .select_related("main_institution", "evidence_assessment")
        .prefetch_related(
            "topics",
            "indicators",
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation"),
            ),
            confirmed_prefetch(),
        )
    )


def _evidence_level(practice):
    assessment = getattr(practice, "evidence_assessment", None)
    return assessment.level if assessment is not None else None


def _plain(value):
    """Return a decimal as text without trailing zeros: 1000, 12.5 (any database)."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _figure(value, year=None):
    if value is None:
        return None
    return {"value": _plain(value), "year": year}


def indicator(item):
    """Return one result indicator as plain data (values as decimal strings)."""
    return {
        "name": item.name,
        "unit": item.unit,
        "baseline": _figure(item.baseline_value, item.baseline_year),
        "target": _plain(item.target_value),
        "achieved": _figure(item.achieved_value, item.achieved_year),
        "source": {"title": item.source_title, "url": item.source_url},
    }


def _indicator_cell(item):
    """One indicator in a CSV cell: “name: baseline → achieved unit (year)”."""
    achieved = _plain(item.achieved_value) or "?"
    baseline, target = _plain(item.baseline_value), _plain(item.target_value)
    start = f"{baseline} → " if baseline is not None else ""
    year = f" ({item.achieved_year})" if item.achieved_year else ""
    target = f" [target {target}]" if target is not None else ""
    return f"{item.name}: {start}{achieved} {item.unit}{year}{target}"


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
                if key in ("title", "summary")
            }
            for code in practice.languages
        },
        "country": practice.country.code,
        "region": practice.region,
        "nuts_code": practice.nuts_code,
        "main_institution": {"name": institution.name, "kind": institution.kind},
        "partners": [
            {"name": p.organisation.name, "role": p.text_in(practice.language)["role"]}
            for p in practice.partnerships.all()
        ],
        "topics": [topic.slug for topic in practice.topics.all()],
        "topic_names": {
            topic.slug: {code: getattr(topic, column("name", code)) for code in codes}
            for topic in practice.topics.all()
        },
        "keywords": list(practice.keywords or []),
        "policy_tags": [
            {
                "slug": tag.slug,
                "kind": tag.kind,
                "number": tag.number,
                "name": {code: getattr(tag, column("name", code)) for code in codes},
            }
            for tag in tags_of(practice)
        ],
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
        # ``confirmed_prefetch()`` (``for_list``) or ``with_confirmed_transfers``.
        "transfers": [transfer_data(t) for t in _confirmed_transfers(practice)],
        "evidence_level": _evidence_level(practice),
    }


def _texts(practice, code):
    """The practice's page text in ``code``: "" where it has none in it."""
    text = practice.text_in(code)
    return {
        "description": text["description"],
        "resources_note": text["resources_note"],
        "partner_roles": [p.text_in(code)["role"] for p in practice.partnerships.all()],
        "action_axes": [axis.text_in(code) for axis in practice.axes.all()],
        "evidence": [item.text_in(code)["text"] for item in practice.evidence],
        "difficulties": [item.text_in(code) for item in practice.difficulties],
        "learning_points": [
            item.text_in(code)["text"] for item in practice.learning_points
        ],
    }


def detail(practice, absolute):
    """Return a practice's page content: the summary, the text and its parts.

    The main fields give the original; "translations" every language's text,
    its parts' included (in the same order as the main fields' lists).
    """
    data = summary(practice, absolute)
    for code, text in data["translations"].items():
        text.update(_texts(practice, code))
    original = data["translations"][practice.language]
    data.update(
        description=original["description"] or practice.description,
        resources_note=original["resources_note"],
        action_axes=original["action_axes"],
        funding_sources=[
            {"name": source.name, "kind": source.kind}
            for source in practice.funding_sources.all()
        ],
        evidence=original["evidence"],
        difficulties=original["difficulties"],
        learning_points=original["learning_points"],
        follower_count=practice.follower_count,
        indicators=[indicator(item) for item in indicators_of(practice)],
        documents=[
            {
                "title": document.title,
                "language": document.language,
                "format": document.kind,
                "size": document.size,
                "url": absolute(document.get_absolute_url()),
            }
            for document in documents_of(practice)
        ],
        images=[
            {
                "alt": image.alt,
                "caption": image.caption,
                "width": image.width,
                "height": image.height,
                "url": absolute(image.get_absolute_url()),
            }
            for image in images_of(practice)
        ],
        videos=[
            {"title": video.title, "url": video.url, "host": video.host}
            for video in videos_of(practice)
        ],
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
        data["evidence_level"] or "",
        " | ".join(_indicator_cell(item) for item in practice.indicators.all()),
        "; ".join(
            f"{tag['number']} {tag['name']['en']}"
            for tag in data["policy_tags"]
            if tag["kind"] == "objective"
        ),
        "; ".join(
            f"{tag['number']} {tag['name']['en']}"
            for tag in data["policy_tags"]
            if tag["kind"] == "sdg"
        ),
    ]


def _confirmed_transfers(practice):
    """The confirmed transfers prefetched for a list, or annotated for one page."""
    prefetched = practice.__dict__.get("confirmed_transfers")
    return prefetched if prefetched is not None else confirmed_transfers_of(practice)
