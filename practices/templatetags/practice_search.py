"""Template tags of the search form: facet selects with counts, range inputs."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from .. import search

register = template.Library()
LD_OPEN = '<script type="application/ld+json">'


@register.simple_tag
def facet_select(form, name, options):
    """Render a filter as a <select> with each option's count; 0 ones disabled."""
    field = form[name]
    return render_to_string(
        "practices/includes/_facet_select.html",
        {"field": field, "options": options or [], "value": form.data.get(name, "")},
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
    script = json_script({k: v for k, v in data.items() if v is not None})
    return mark_safe(script.replace('<script type="application/json">', LD_OPEN, 1))
