import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Registration

TIME_TRAP_SALT = "events.registration-form"
# Markup or control characters have no place in a name or an organisation.
UNSAFE_TEXT = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def time_token() -> str:
    """The form's time trap: when it was rendered, and a nonce that makes it single-use."""
    return signing.dumps([time.time(), secrets.token_urlsafe(12)], salt=TIME_TRAP_SALT)


ALREADY_SENT = _("This form was already sent. Please check your details and send it again.")


def _used_key(nonce: str) -> str:
    return f"events:form-used:{nonce}"


class RegistrationForm(forms.ModelForm):
    privacy = forms.BooleanField(
        label=_("I have read how my data is used (see above) and agree to it."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots. Not
    # stripped: a space is as much a bot's answer as a word.
    website = forms.CharField(label=_("Leave this field empty"), required=False, strip=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "organisation",
            "organisation_type",
            "country",
            "language",
            "access_needs",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("We send the confirmation link and the event's emails here."),
            "language": _("The language of the emails we send you."),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["language"].initial = get_language()
        self.fields["started"].initial = time_token()
        self.fields["organisation_type"].choices = [
            ("", _("Choose…")),
            *Registration.OrganisationType.choices,
        ]
        # The same placeholder as the other select, not django-countries' "---------".
        country = self.fields["country"]
        country.choices = [("", _("Choose…")), *(c for c in country.choices if c[0])]
        self.fields["access_needs"].help_text = _(
            "Optional. Tell us about step-free access, interpretation, food or other needs, "
            "so the host can prepare. Only the organisers see it; it is erased %(days)s days "
            "after the event at the latest."
        ) % {"days": event.retention_days}
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # WCAG 1.3.5: browsers fill these in from what they know of the person.
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"
        self.fields["language"].widget.attrs["autocomplete"] = "language"

    def _clean_text(self, field):
        value = " ".join(self.cleaned_data[field].split())
        if UNSAFE_TEXT.search(value):
            raise forms.ValidationError(
                _("Please use letters, digits and punctuation only (no < or > signs)."),
                code="unsafe",
            )
        return value

    def clean_name(self):
        return self._clean_text("name")

    def clean_organisation(self):
        return self._clean_text("organisation")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_website(self):
        if self.cleaned_data["website"] != "":
            raise forms.ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean_started(self):
        """The time trap: rendered at least a few seconds ago, at most a few hours ago,
        and not yet used by a registration that went through."""
        stale = forms.ValidationError(
            _("The form was too old or incomplete. Please check it and send it again."),
            code="stale",
        )
        try:
            started, nonce = signing.loads(
                self.cleaned_data["started"],
                salt=TIME_TRAP_SALT,
                max_age=settings.EVENTS_FORM_MAX_AGE_SECONDS,
            )
            started = float(started)
        except (signing.BadSignature, ValueError, TypeError):
            self._renew_time_token()
            raise stale from None
        if cache.get(_used_key(nonce)):
            self._renew_time_token()
            raise forms.ValidationError(ALREADY_SENT, code="replayed")
        if time.time() - started < settings.EVENTS_MIN_FORM_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your details and send the form again."),
                code="too_fast",
            )
        self.nonce = nonce
        return started

    def use_time_token(self) -> bool:
        """Spend the form's token; False when another submission spent it first. Call
        after validation, before registering (counted in the shared cache when the
        site runs on several processes: see ``check --deploy``)."""
        return cache.add(_used_key(self.nonce), 1, timeout=settings.EVENTS_FORM_MAX_AGE_SECONDS)

    def renew_time_token(self):
        """A fresh token for the form shown again after its token was spent."""
        self._renew_time_token()

    def _renew_time_token(self):
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = time_token()

    def add_error(self, field, error):
        # The hidden time trap has no visible place: show its message above the form.
        super().add_error(None if field == "started" else field, error)

    def registration_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
