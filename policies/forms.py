from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PolicyTag


class TagChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class PolicyTagsForm(forms.Form):
    """The cohesion policy objectives and SDGs an author says a practice serves."""

    objectives = TagChoiceField(
        label=_("EU cohesion policy objectives (2021-2027)"),
        queryset=PolicyTag.objects.objectives(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = TagChoiceField(
        label=_("UN Sustainable Development Goals"),
        queryset=PolicyTag.objects.goals(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, data=None, *, practice):
        self.practice = practice
        chosen = list(practice.policy_tags.all())
        initial = {
            "objectives": [t for t in chosen if t.kind == PolicyTag.Kind.OBJECTIVE],
            "goals": [t for t in chosen if t.kind == PolicyTag.Kind.SDG],
        }
        super().__init__(data, initial=initial)

    def save(self):
        tags = [*self.cleaned_data["objectives"], *self.cleaned_data["goals"]]
        self.practice.policy_tags.set(tags)
        return tags
