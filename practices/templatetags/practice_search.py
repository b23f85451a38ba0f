"""Template tags of the search form: facet selects with counts, range inputs."""

import html
from urllib.parse import urljoin

from django import template
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from transfers.models import confirmed_transfers_of

from .. import search

register = template.Library()
LD_OPEN = '<script type="application/ld+json">'


@register.simple_tag
def facet_select(form, name, options):
    """Render a filter as a <select> with each option's count; 0 ones disabled."""
    field = form[name]
    # A facet may have a thousand options (the partners at 100,000 practices):
    # escaped and joined here, they cost a tenth of a template loop over them.
    # html.escape is what django.utils.html.escape calls, without its wrappers.
    option_tags = mark_safe(
        "\n".join(
            f'<option value="{html.escape(str(key))}"'
            f"{' selected' if selected else '' if count else ' disabled'}>"
            f"{html.escape(str(label))} ({int(count)})</option>"
            for key, label, count, selected in options or []
        )
    )
    return render_to_string(
        "practices/includes/_facet_select.html",
        {"field": field, "option_tags": option_tags},
    )


@register.simple_tag
def range_input(form, name):
    field = form[name]
    return render_to_string(
        "practices/includes/_range_input.html",
        {"field": field, "value": form.data.get(name, "")},
    )


@register.simple_tag
def search_snippet(practice, query):
    return search.snippet(practice, query)


@register.simple_tag
def practice_json_ld(practice, url):
    """Render schema.org data about the practice, safely encoded.

    ``json_script`` escapes <, > and & so no text can close the element; the
    type makes it data that browsers never execute (the CSP allows no script).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": practice.title,
        "description": practice.summary,
        "url": url,
        # The language of the text shown (a translation, else the original).
        "inLanguage": practice.shown_language,
        "datePublished": practice.published_at.isoformat()
        if practice.published_at
        else None,
        "dateModified": practice.updated_at.isoformat(),
        "keywords": ", ".join(practice.keywords or []),
        "about": practice.topic_names,
        "publisher": {
            "@type": "Organization",
            "name": practice.main_institution.name,
        },
        "spatialCoverage": {
            "@type": "Place",
            "name": ", ".join(filter(None, [practice.region, practice.country.name])),
        },
    }
    # Confirmed transfers: where the practice was taken up, and how far.
    transfers = confirmed_transfers_of(practice)
    if transfers:
        data["subjectOf"] = [
            {
                "@type": "CreativeWork",
                "name": f"{practice.title} — {transfer.place}",
                "url": urljoin(url, transfer.get_absolute_url()),
                "creator": {
                    "@type": "Organization",
                    "name": transfer.organisation_label,
                },
                "spatialCoverage": {"@type": "Place", "name": transfer.place},
                "creativeWorkStatus": transfer.stage,
                "dateCreated": transfer.start_date.strftime("%Y-%m"),
            }
            for transfer in transfers
        ]
    script = json_script({k: v for k, v in data.items() if v is not None})
    return mark_safe(script.replace('<script type="application/json">', LD_OPEN, 1))
