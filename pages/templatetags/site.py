from functools import lru_cache

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url

from pages.identity import portal_name as _portal_name

register = template.Library()


@lru_cache(maxsize=4096)
def translated_path(path, language):
    """Return ``path`` in ``language``: the same for every reader, so computed once."""
    return translate_url(path, language)


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context):
    """Link each language version of the current page, for readers and crawlers."""
    request = context.get("request")
    try:
        links = [
            (code, request.build_absolute_uri(translated_path(request.path, code)))
            for code, _name in settings.LANGUAGES
        ]
    except (AttributeError, DisallowedHost):
        # No request (a standalone error page) or the 400 page of a bad host.
        return {"links": []}
    return {"links": links, "default": links[0][1]}


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Link the same page in each language.

    Each language has its own URL, so plain links switch it: no form, no
    JavaScript, and nothing per-visitor that would stop a page from being cached.
    """
    request = context.get("request")
    if request is None:
        return {"languages": []}
    query = request.META.get("QUERY_STRING")
    suffix = f"?{query}" if query else ""
    return {
        "languages": [
            (code, name, translated_path(request.path, code) + suffix)
            for code, name in settings.LANGUAGES
        ]
    }


@register.simple_tag
def portal_name():
    """The portal's name in the active language (e-mails have no context processors)."""
    return _portal_name()


@register.simple_tag(takes_context=True)
def page_url(context):
    """The page's full URL, or "" without a request or on a bad host's 400 page."""
    request = context.get("request")
    try:
        return request.build_absolute_uri()
    except (AttributeError, DisallowedHost):
        return ""
