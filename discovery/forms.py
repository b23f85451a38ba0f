from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from practices.filters import PracticeFilter
from practices.models import Topic

from .models import SavedSearch, clean_query


class SavedSearchForm(forms.ModelForm):
    """Name a search of the practice list and choose how often to hear of it.

    The search itself (the list's query string) travels in a hidden field and
    is validated by the list's own FilterSet, so only a search the list
    accepts is saved.
    """

    search = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        widgets = {"frequency": forms.RadioSelect}
        help_texts = {
            "name": _("So that you recognise it in your dashboard and e-mails."),
        }

    def __init__(self, *args, user, with_search=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not with_search:
            del self.fields["search"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = SavedSearch.objects.filter(user=self.user, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("You already have a saved search with this name.")
            )
        return name

    def clean_search(self):
        query = clean_query(QueryDict(self.cleaned_data.get("search", "")))
        filterset = PracticeFilter(QueryDict(query))
        if not filterset.is_valid():
            raise forms.ValidationError(
                _("This search has invalid filters; search again from the list.")
            )
        return query


class SearchAlertUnsubscribeForm(forms.Form):
    """Confirm, from an e-mail link, that the alerts should stop."""

    confirm = forms.BooleanField(initial=True, widget=forms.HiddenInput)


class TopicFollowForm(forms.Form):
    """Choose a topic to follow (or to stop following), by its slug."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label=_("Topic"),
        empty_label=_("Choose a topic"),
        error_messages={
            "required": _("Choose the topic to follow"),
            "invalid_choice": _("Choose one of the portal's topics"),
        },
    )
