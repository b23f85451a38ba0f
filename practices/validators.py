"""Validators shared by the forms and models whose values become mail headers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every character Python's str.splitlines() breaks on: any of them would end a
# mail header line (and Django refuses to send such a header at all).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def has_line_break(value):
    return any(char in LINE_BREAKS for char in value or "")


def validate_single_line(value):
    """Refuse a value that spans several lines (a subject, a title)."""
    if has_line_break(value):
        raise ValidationError(
            _("Write it on one line, without line breaks."), code="line_break"
        )


def single_line(value):
    """Return ``value`` with every line break replaced by a space."""
    return " ".join((value or "").splitlines()).strip()
