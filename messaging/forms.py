import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pages.forms import SpecificMessagesMixin
from practices.validators import validate_single_line

from .models import Message


class ContactForm(SpecificMessagesMixin, forms.ModelForm):
    """A reader's message to a practice's author; the subject is a mail header."""

    required_messages = {
        "subject": _("Enter a subject"),
        "body": _("Enter your message"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].validators.append(validate_single_line)

    class Meta:
        model = Message
        fields = ["subject", "body"]
        help_texts = {
            "subject": _("At most 150 characters."),
            "body": _(
                "At most 5,000 characters. The author answers to your e-mail address."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    @classmethod
    def rendered_empty(cls):
        """The empty form's HTML, rendered once per language in each process.

        Every signed-in reader of a practice page gets it, and rendering a form
        is most of that page's time; it depends on the code and the language
        alone, so it never needs invalidating.
        """
        return _rendered_empty(cls, get_language())


@functools.lru_cache(maxsize=32)
def _rendered_empty(form_class, language):
    return form_class().render()
