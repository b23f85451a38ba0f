"""The GOV.UK error summary: every error of a page's forms, each linked to its field."""

from django import template
from django.forms import BaseFormSet

register = template.Library()


def _field_anchor(field):
    """The id of the input a summary link moves to (a group's first choice)."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


def _form_errors(form):
    items = [(None, error) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            items.append((_field_anchor(field), error))
    for field in form.hidden_fields():
        items.extend((None, error) for error in field.errors)
    return items


def summary_items(*forms):
    """(anchor or None, message) for each error of the forms and formsets given."""
    items = []
    for form in forms:
        if not form:
            continue
        if isinstance(form, (list, tuple)):
            items.extend(summary_items(*form))
        elif isinstance(form, BaseFormSet):
            items.extend((None, error) for error in form.non_form_errors())
            for subform in form.forms:
                items.extend(_form_errors(subform))
        elif hasattr(form, "non_field_errors"):
            items.extend(_form_errors(form))
    # A field given twice (or in two forms) is listed once.
    seen, unique = set(), []
    for item in items:
        key = (item[0], str(item[1]))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    return {"errors": summary_items(*forms)}


@register.simple_tag
def has_errors(*forms):
    return bool(summary_items(*forms))
