"""The steps of the submission wizard: a title, a form and formsets each."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from evidence.forms import IndicatorFormSet, ProposedLevelForm

from . import forms


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
        if data is not None:
            for prefix, formset_class, legend in self.formsets:
                check_row_count(data, prefix, formset_class, legend)
        form = None
        if self.form_class is not None:
            form = self.form_class(data, instance=practice, prefix="practice")
        formsets = [
            (legend, formset_class(data, instance=practice, prefix=prefix))
            for prefix, formset_class, legend in self.formsets
        ]
        return form, formsets


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
