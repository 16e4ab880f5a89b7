"""Forms of the partners app's admin pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Partner


class EditorInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The invitation goes to this address; it is also their username."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "size": 40}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.all(),
        help_text=_("They will edit this partner's pages."),
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en").split("-")[0]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if (
            users.filter(email__iexact=email).exists()
            or users.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _(
                    "A user with this email address already exists. If they have not "
                    "chosen a password yet, send them a new invitation from the list "
                    "of partner staff."
                ),
                code="exists",
            )
        return email
