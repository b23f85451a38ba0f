"""Full-text search helpers shared by the list page, the API and the CSV export.

On PostgreSQL a practice's ``search_vector`` is a weighted tsvector (title A,
summary and keywords B, description, main institution, partners and axes C,
evidence, difficulties and learning points D) built with the ``wecd_search``
text-search configuration, which strips accents before stemming (migration
0003). Everywhere, ``search_text`` holds the same words lower-cased and without
accents, so that SQLite finds "créativité" from "creativite" with LIKE.
Both columns are rebuilt from the model layer by
``PracticeQuerySet.refresh_search_vector()``, which ``practices.receivers`` calls.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "wecd_search"
# PostgreSQL's headline wraps matches in these; they are swapped for <mark>
# only after the rest of the text has been escaped.
MARK_START, MARK_STOP = "\x02", "\x03"
WORD_RE = re.compile(r"\w+")
SNIPPET_WORDS = 30


def normalise(text):
    """Return ``text`` lower-cased and without accents ("Créativité" → "creativite")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_words(query):
    """Return the normalised words of a query, ignoring websearch operators."""
    return [w for w in WORD_RE.findall(normalise(query)) if w != "or"][:12]


def highlight(text, words):
    """Return a short escaped excerpt of ``text`` with ``words`` in <mark>.

    Used on SQLite, where the database has no headline function.
    """
    tokens = re.split(r"(\s+)", text or "")
    plain = [normalise(t) for t in tokens]
    first = next((i for i, t in enumerate(plain) if any(w in t for w in words)), 0)
    start = max(0, first - 10)
    excerpt = tokens[start : start + SNIPPET_WORDS * 2]
    parts = []
    for token in excerpt:
        if token.strip() and any(w in normalise(token) for w in words):
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(escape(token))
    prefix = "… " if start else ""
    suffix = " …" if start + len(excerpt) < len(tokens) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)


def headline_html(headline):
    """Escape a PostgreSQL headline, then turn its markers into <mark>."""
    html = escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)


def snippet(practice, query):
    """Return the highlighted excerpt of a search result (safe HTML)."""
    headline = getattr(practice, "search_headline", None)
    if headline:
        return headline_html(headline)
    return highlight(f"{practice.summary} {practice.description}", query_words(query))
