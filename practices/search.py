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

import difflib
import re
import unicodedata
from dataclasses import dataclass

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


MAX_TERMS = 12
# A quoted phrase (the closing quote may be missing) or a run of non-spaces.
TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Words shorter than this are never taken for typos; suggestions must be this close.
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 0.8


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query, normalised; ``negated`` for ``-word``."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def is_phrase(self):
        return len(self.words) > 1


def parse_query(query):
    """Read a query as PostgreSQL's websearch_to_tsquery does.

    Return alternatives, any of which may hold; an alternative is a list of
    terms, all of which must hold. Words are ANDed, ``"a phrase"`` keeps its
    words together, ``-word`` excludes, and ``or`` separates alternatives:
    AND binds tighter than OR, so ``a b or c`` is (a AND b) OR c.
    """
    alternatives = [[]]
    count = 0
    for match in TOKEN_RE.finditer(query or ""):
        quoted_minus, quoted, bare = match.groups()
        if bare is not None and bare.casefold() == "or":
            if alternatives[-1]:
                alternatives.append([])
            continue
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            words = tuple(WORD_RE.findall(normalise(bare)))
        else:
            negated = bool(quoted_minus)
            words = tuple(WORD_RE.findall(normalise(quoted)))
        if not words:
            continue
        alternatives[-1].append(Term(words, negated))
        count += 1
        if count == MAX_TERMS:
            break
    return [alternative for alternative in alternatives if alternative]


def query_words(query):
    """Return the normalised words the query looks for (not the excluded ones)."""
    return [
        word
        for alternative in parse_query(query)
        for term in alternative
        if not term.negated
        for word in term.words
    ]


MAX_ALTERNATIVES = 16


def expand_typos(query, vocabulary):
    """Return the query with close indexed words in place of unknown ones.

    ``vocabulary`` is the set of words the practices contain. A searched word
    that is not in it ("wallonai") may also be read as its closest words
    ("wallonia"): each alternative of the query is repeated with them, which
    both databases read the same way. Phrases and excluded words are left
    alone. Return None when no word has a close match.
    """
    rewritten = []
    changed = False
    for alternative in parse_query(query):
        variants = [[]]
        for term in alternative:
            choices = [_as_text(term)]
            word = term.words[0]
            if not (
                term.negated
                or term.is_phrase
                or len(word) < TYPO_MIN_LENGTH
                or word in vocabulary
            ):
                choices += difflib.get_close_matches(
                    word, vocabulary, n=3, cutoff=TYPO_CUTOFF
                )
            changed |= len(choices) > 1
            variants = [v + [c] for v in variants for c in choices][:MAX_ALTERNATIVES]
        rewritten += [" ".join(variant) for variant in variants]
    return " or ".join(rewritten[:MAX_ALTERNATIVES]) if changed else None


def _as_text(term):
    text = " ".join(term.words)
    if term.is_phrase:
        text = f'"{text}"'
    return f"-{text}" if term.negated else text


def vocabulary_of(texts):
    """Return the set of words (of typo length) in ``texts``."""
    words = set()
    for text in texts:
        words.update(
            w for w in WORD_RE.findall(text or "") if len(w) >= TYPO_MIN_LENGTH
        )
    return words


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
