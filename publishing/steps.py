"""The steps of the submission wizard: a title, a form and formsets each.

A draft's steps edit the practice's rows. A published practice's steps edit a
proposal instead (a snapshot, see ``publishing.services``): the forms are bound
to the proposed content and give back a new snapshot, and the live rows stay as
they are until the proposal is published.
"""

import copy
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from evidence.forms import IndicatorFormSet, ProposedLevelForm
from practices.languages import PRACTICE_TEXT_FIELDS, column, content_languages
from practices.models import Practice, PracticeItem

from . import forms
from .services import PARTS, _json_value

# The snapshot key of each part, by the model its formset edits.
PART_KEYS = {model: key for key, (model, _fields) in PARTS.items()}


class ProposalFormSetMixin:
    """A formset whose rows come from a snapshot, not from the database."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i < len(self.initial_extra or []):
            # A kept row is checked like a saved one, even when unchanged.
            form.empty_permitted = False
        return form


def proposed_instance(practice, snapshot):
    """Return a copy of ``practice`` holding the snapshot's content, unsaved."""
    proposed = copy.copy(practice)
    language = snapshot.get("language", practice.language)
    for name, value in snapshot.items():
        if name in PARTS or name == "topics":
            continue
        if name in PRACTICE_TEXT_FIELDS:
            # The original text, into its own language's column.
            name = column(name, language)
        setattr(proposed, name, Practice._meta.get_field(name).to_python(value))
    return proposed


def translation_keys(model):
    """The snapshot keys a part's translations may have (``title_fr``)."""
    return {
        column(name, code)
        for name in getattr(model, "TEXT_FIELDS", ())
        for code in content_languages()
    }


def _initial_rows(formset_class, snapshot):
    model = formset_class.model
    rows = snapshot.get(PART_KEYS[model], [])
    if model is PracticeItem:
        rows = [row for row in rows if row.get("section") == formset_class.section]
    return [
        {name.removesuffix("_id"): value for name, value in row.items()} for row in rows
    ]


def _row(formset, form, initial=None):
    """Return the snapshot row a formset's form stands for.

    A kept row (``initial``, the snapshot's row) keeps its translations.
    """
    instance = form.instance
    if isinstance(form, forms.NewOrganisationMixin):
        instance.organisation = form.new_organisation_instance()
    if isinstance(instance, PracticeItem):
        instance.section = formset.section
    _model, fields = PARTS[PART_KEYS[formset.model]]
    # The text typed is the original, in the practice's language.
    with override(formset.instance.language):
        row = {name: _json_value(getattr(instance, name)) for name in fields}
    keys = translation_keys(formset.model)
    row.update({key: value for key, value in (initial or {}).items() if key in keys})
    return row


def _ordered(rows):
    # The order a snapshot of the saved rows would have: stable, so rows of the
    # same order keep the order they were typed in.
    return sorted(rows, key=lambda row: (row.get("section", ""), row["order"] or 0))


class TooManyRows(Exception):
    """A post claims more rows of a formset than a practice may have."""

    def __init__(self, legend, limit):
        self.legend, self.limit = legend, limit
        super().__init__(f"{legend}: more than {limit} rows")


def check_row_count(data, prefix, formset_class, legend):
    """Raise TooManyRows if ``data`` has more rows for ``prefix`` than allowed."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return  # The formset's own management form reports it.
    if total > formset_class.absolute_max:
        raise TooManyRows(legend, formset_class.max_num)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    form_class: type | None = None
    # (prefix, formset class, legend) triples.
    formsets: list = field(default_factory=list)

    def bind(self, practice, data=None):
        """Return the step's form (or None) and formsets, bound to ``data``.

        Raise TooManyRows, before building any form, when ``data`` claims more
        rows than a formset accepts: Django would build them all.
        """
        self.check_rows(data)
        form = None
        if self.form_class is not None:
            form = self.form_class(data, instance=practice, prefix="practice")
        formsets = [
            (legend, formset_class(data, instance=practice, prefix=prefix))
            for prefix, formset_class, legend in self.formsets
        ]
        return form, formsets

    def check_rows(self, data):
        """Raise TooManyRows if ``data`` claims more rows than a formset accepts."""
        if data is not None:
            for prefix, formset_class, legend in self.formsets:
                check_row_count(data, prefix, formset_class, legend)

    @property
    def form_edits_content(self):
        """Return True if the step's form edits the practice's own fields."""
        return self.form_class is not None and hasattr(self.form_class, "_meta")

    @property
    def parts(self):
        """Return the snapshot keys of the parts this step shows."""
        keys = [PART_KEYS[formset.model] for _p, formset, _l in self.formsets]
        if self.form_edits_content and "topics" in self.form_class._meta.fields:
            keys.append("topics")
        return keys

    def bind_proposal(self, practice, snapshot, data=None):
        """Return the step's form and formsets, showing the proposed ``snapshot``.

        Raise TooManyRows as ``bind`` does.
        """
        self.check_rows(data)
        form = None
        if self.form_class is not None:
            form = self.form_class(
                data,
                instance=proposed_instance(practice, snapshot),
                initial={"topics": snapshot.get("topics", [])},
                prefix="practice",
            )
        formsets = []
        for prefix, formset_class, legend in self.formsets:
            proposal_class = type(
                f"Proposed{formset_class.__name__}",
                (ProposalFormSetMixin, formset_class),
                {},
            )
            rows = _initial_rows(formset_class, snapshot)
            # An unsaved practice: the rows are not looked up, and they are not
            # checked against the live rows' unique constraints. Its language
            # is the one the rows' text is in.
            formset = proposal_class(
                data,
                instance=Practice(language=snapshot.get("language", "en")),
                prefix=prefix,
                initial=rows,
                queryset=formset_class.model.objects.none(),
            )
            formset.extra = len(rows) + 1
            formsets.append((legend, formset))
        return form, formsets

    def proposed_snapshot(self, snapshot, form, formsets):
        """Return ``snapshot`` with the valid ``form`` and ``formsets`` written in."""
        proposed = dict(snapshot)
        if form is not None and self.form_edits_content:
            if isinstance(form, forms.NewOrganisationMixin):
                form.instance.main_institution = form.new_organisation_instance()
            for name in form._meta.fields:
                if name == "topics":
                    proposed["topics"] = sorted(t.pk for t in form.cleaned_data[name])
                    continue
                attname = Practice._meta.get_field(name).attname
                # The text under its own name is the original's.
                with override(form.instance.language):
                    value = getattr(form.instance, attname)
                proposed[attname] = _json_value(value)
        for _legend, formset in formsets:
            key = PART_KEYS[formset.model]
            initial = formset.initial_extra or []
            kept = len(initial)
            rows = [
                _row(formset, each, initial[index] if index < kept else None)
                for index, each in enumerate(formset.forms)
                if not (formset.can_delete and formset._should_delete_form(each))
                and (index < kept or each.has_changed())
            ]
            if formset.model is PracticeItem:
                rows += [
                    row
                    for row in proposed.get(key, [])
                    if row.get("section") != formset.section
                ]
            proposed[key] = _ordered(rows)
        return proposed


STEPS = [
    Step(1, _("Description"), forms.DescriptionForm),
    Step(2, _("Main institution, location and dates"), forms.InstitutionForm),
    Step(
        3,
        _("Resources"),
        forms.ResourcesForm,
        [("funding", forms.FundingSourceFormSet, _("Funding sources"))],
    ),
    Step(4, _("Partners"), None, [("partners", forms.PartnershipFormSet, "")]),
    Step(5, _("Action axes"), None, [("axes", forms.ActionAxisFormSet, "")]),
    Step(
        6,
        _("Evidence, difficulties and learning"),
        ProposedLevelForm,
        [
            ("indicators", IndicatorFormSet, _("Results: indicators")),
            ("evidence", forms.EvidenceFormSet, _("Evidence of success")),
            ("difficulty", forms.DifficultyFormSet, _("Difficulties and solutions")),
            ("learning", forms.LearningFormSet, _("Potential for learning")),
        ],
    ),
    Step(7, _("Review and submit")),
]
LAST_STEP = len(STEPS)
