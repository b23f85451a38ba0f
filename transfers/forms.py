from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.models import Message
from practices.models import Organisation
from publishing.forms import MonthField

from .models import Interest, Stage, Transfer


class TransferForm(forms.ModelForm):
    """A member records their organisation's transfer of a practice."""

    start_date = MonthField(label=_("Started (month)"))
    organisation = forms.ModelChoiceField(
        label=_("Your organisation, if it is listed"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("Not listed: I type its name below"),
    )

    class Meta:
        model = Transfer
        fields = [
            "organisation",
            "organisation_name",
            "country",
            "region",
            "nuts_code",
            "stage",
            "stopped_reason",
            "start_date",
            "adaptations",
            "results",
            "is_contactable",
        ]
        help_texts = {
            "organisation_name": _("Its full name, if it is not in the list above."),
            "stopped_reason": _("Required when the stage is “Stopped”."),
        }
        widgets = {
            "adaptations": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "stopped_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_nuts_code(self):
        return self.cleaned_data["nuts_code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        name = (cleaned.get("organisation_name") or "").strip()
        if organisation is None and not name:
            self.add_error(
                "organisation_name",
                _("Choose your organisation in the list or type its name."),
            )
        if organisation is not None:
            cleaned["organisation_name"] = ""
        if (
            cleaned.get("stage") == Stage.STOPPED
            and not (cleaned.get("stopped_reason") or "").strip()
        ):
            self.add_error("stopped_reason", _("Say why the transfer stopped."))
        return cleaned


class StageForm(forms.Form):
    """The member who recorded a transfer moves it to another stage."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the transfer stopped: say why."),
    )
    results = forms.CharField(
        label=_("Results so far"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("stage") == Stage.STOPPED
            and not (cleaned.get("note") or "").strip()
        ):
            self.add_error("note", _("Say why the transfer stopped."))
        return cleaned


class DecisionForm(forms.Form):
    """The author (or an expert, or staff) confirms or declines a transfer."""

    class Decision:
        CONFIRM = "confirm"
        DECLINE = "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.CONFIRM, _("Confirm: this transfer is real")),
            (Decision.DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why you decline it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline; the member who recorded it reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.Decision.DECLINE
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why you decline this transfer."))
        return cleaned


class InterestForm(forms.ModelForm):
    """A member says they are considering the practice for their region."""

    class Meta:
        model = Interest
        fields = ["note", "is_visible_to_peers"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class PeerMessageForm(forms.ModelForm):
    """A message to a member considering the practice, sent through the relay."""

    class Meta:
        model = Message
        fields = ["subject", "body"]
        help_texts = {
            "subject": _("At most 150 characters."),
            "body": _(
                "At most 5,000 characters. The recipient answers to your e-mail "
                "address; theirs stays private."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
