import hashlib
import json
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .models import EventMessage, Registration

TIME_TRAP_SALT = "events.registration-form"
# Markup or control characters have no place in a name or an organisation.
UNSAFE_TEXT = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def time_token() -> str:
    """The form's time trap: when it was rendered, and a nonce that makes it single-use."""
    return signing.dumps([time.time(), secrets.token_urlsafe(12)], salt=TIME_TRAP_SALT)


ALREADY_SENT = _("This form was already sent. Please check your details and send it again.")


def _used_key(nonce: str) -> str:
    return f"events:form-used:{nonce}"


DETAIL_WIDGETS = {
    "name": forms.TextInput(attrs={"autocomplete": "name"}),
    "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
    "access_needs": forms.Textarea(attrs={"rows": 3}),
}


class RegistrantDetailsForm(forms.ModelForm):
    """What a person tells us about themselves, and its cleaning: the registration form
    asks it, the manage page lets them correct it (without the email: their identity)."""

    class Meta:
        model = Registration
        fields = [
            "name",
            "organisation",
            "organisation_type",
            "country",
            "language",
            "access_needs",
        ]
        widgets = DETAIL_WIDGETS
        help_texts = {"language": _("The language of the emails we send you.")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
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

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in RegistrantDetailsForm.Meta.fields}


class RegistrationForm(RegistrantDetailsForm):
    privacy = forms.BooleanField(
        label=_("I have read how my data is used (see above) and agree to it."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots. Not
    # stripped: a space is as much a bot's answer as a word.
    website = forms.CharField(label=_("Leave this field empty"), required=False, strip=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(RegistrantDetailsForm.Meta):
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
            **DETAIL_WIDGETS,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "email": _("We send the confirmation link and the event's emails here."),
            "language": _("The language of the emails we send you."),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["started"].initial = time_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

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


# A message is plain text: control characters (other than line breaks and tabs) have no
# place in it, and a line break none in a subject (it would be an email header).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def message_field_name(field: str, code: str) -> str:
    return build_localized_fieldname(field, code)


class EventMessageForm(forms.Form):
    """The organisers' message: groups, and a subject and text per language (English
    required; another language either both or neither). Plain text, never HTML."""

    groups = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=EventMessage.Group.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group.")},
    )
    preview_language = forms.ChoiceField(
        label=_("Preview in"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,
    )
    # The preview's one-time key, and what the preview showed: "send" sends only the
    # message that was previewed, once.
    send_key = forms.CharField(widget=forms.HiddenInput, required=False)
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counts is not None:
            # Translators: a group of registrants and how many people are in it.
            self.fields["groups"].choices = [
                (value, _("%(group)s (%(count)s)") % {"group": label, "count": counts[value]})
                for value, label in EventMessage.Group.choices
            ]
        for code, name in settings.LANGUAGES:
            required = code == "en"
            # Translators: a field's label: "Subject (Finnish)".
            self.fields[message_field_name("subject", code)] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=EventMessage.SUBJECT_MAX_LENGTH,
                required=required,
                error_messages={"required": _("Write a subject in English.")},
            )
            # Translators: a field's label: "Text (Finnish)".
            self.fields[message_field_name("body", code)] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=EventMessage.BODY_MAX_LENGTH,
                required=required,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 12 if required else 6, "cols": 80}),
                error_messages={"required": _("Write the text in English.")},
                help_text=_("Plain text, at most %(count)s characters. Links are shown as typed.")
                % {"count": EventMessage.BODY_MAX_LENGTH},
            )
            for field in ("subject", "body"):
                self.fields[message_field_name(field, code)].widget.attrs["lang"] = code

    def language_fields(self):
        """[(code, name, subject field, body field)] in the order of LANGUAGES."""
        return [
            (
                code,
                name,
                self[message_field_name("subject", code)],
                self[message_field_name("body", code)],
            )
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        for code, _name in settings.LANGUAGES:
            subject_name = message_field_name("subject", code)
            body_name = message_field_name("body", code)
            subject = cleaned.get(subject_name)
            body = cleaned.get(body_name)
            if subject is not None and ("\n" in subject or CONTROL_CHARACTERS.search(subject)):
                self.add_error(subject_name, _("Please write the subject on one line, as text."))
            if body is not None:
                body = body.replace("\r\n", "\n").replace("\r", "\n")
                cleaned[body_name] = body
                if CONTROL_CHARACTERS.search(body):
                    self.add_error(body_name, _("Please use plain text only."))
            if code == "en":
                continue
            # Both or neither: half a translation would mix two languages in one email.
            if subject and not body and body_name not in self.errors:
                self.add_error(body_name, _("Write the text too, or leave the subject empty."))
            if body and not subject and subject_name not in self.errors:
                self.add_error(subject_name, _("Write a subject too, or leave the text empty."))
        return cleaned

    def texts(self) -> dict[str, str]:
        return {
            message_field_name(field, code): self.cleaned_data.get(
                message_field_name(field, code), ""
            )
            for code, _name in settings.LANGUAGES
            for field in ("subject", "body")
        }

    def digest(self) -> str:
        """What the preview showed: the groups and the texts."""
        content = json.dumps(
            [sorted(self.cleaned_data["groups"]), self.texts()], sort_keys=True
        ).encode()
        return hashlib.sha256(content).hexdigest()
