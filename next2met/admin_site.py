"""The admin site: one login form with an optional two-factor code, and TOTP enrolment.

A staff user who has confirmed an authenticator app (django-otp TOTP device) must give
its code at login, or one of their single-use recovery codes (``recovery_codes``: they
get ten when they turn two-factor login on, and can replace them); others log in with
username and password, unless ``ADMIN_REQUIRE_2FA`` is on, which sends them to
enrolment before anything else.
Wrong codes count as failed logins for django-axes, so they are throttled like
passwords (and the device throttles itself too).
"""

import segno
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.translation_status import languages

from .recovery_codes import match_code, normalise, recovery_codes_left, recovery_codes_replace

# Names of admin views a user who must enrol may still open.
ENROLMENT_VIEWS = {"two_factor", "logout"}
# The recovery codes just made, kept in the session until the two-factor page shows them.
NEW_CODES_SESSION_KEY = "_next2met_new_recovery_codes"


def code_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=12,  # a recovery code, written 12345-67890
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        ),
    )


def clean_code(value: str) -> str:
    return normalise(value)


def confirmed_devices(user, *, fresh=False):
    """The user's confirmed authenticator apps, looked up once per request (cached on the
    user). An app is what turns two-factor login on: recovery codes come with it and go
    with it (``two_factor_view``), and are checked only at login (``match_code``), so
    every other request pays for one query, not one per kind of device."""
    if fresh or not hasattr(user, "_next2met_otp_devices"):
        user._next2met_otp_devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    return user._next2met_otp_devices


class AdminLoginForm(AdminAuthenticationForm):
    otp_token = code_field(
        _("Code from your authenticator app"),
        _(
            "Only if you have set up two-factor login. Lost your phone? Enter one of your "
            "recovery codes instead."
        ),
    )

    def clean(self):
        cleaned = super().clean()  # username and password first (and django-axes)
        user = self.user_cache
        if user is None or not confirmed_devices(user):
            return cleaned
        token = clean_code(cleaned.get("otp_token", ""))
        device = match_code(user, token) if token else None
        if device is None:
            # Counted like a wrong password, so codes cannot be guessed without limit.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            self.user_cache = None
            self.add_error(
                "otp_token",
                _("Enter the current code from your authenticator app.")
                if not token
                else _(
                    "This code is not valid. Enter the current code from your app, "
                    "or a recovery code you have not used yet."
                ),
            )
            return cleaned
        # django-otp marks the session as verified when it sees this at login.
        user.otp_device = device
        return cleaned


class TwoFactorForm(forms.Form):
    code = code_field(_("Code from your authenticator app"))

    def __init__(self, *args, device=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device, self.user = device, user

    def clean_code(self):
        token = clean_code(self.cleaned_data["code"])
        if not token:
            raise forms.ValidationError(_("Enter the code that your app shows now."))
        if self.device is not None:
            allowed, _reason = self.device.verify_is_allowed()
            if not allowed:
                # django-otp waits longer after each wrong code.
                raise forms.ValidationError(
                    _("Too many wrong codes in a row. Wait a minute, then try again.")
                )
            if not self.device.verify_token(token):
                raise forms.ValidationError(
                    _("This code is not valid. Enter the code that your app shows now.")
                )
            self.matched = self.device
        else:
            self.matched = match_code(self.user, token)
            if self.matched is None:
                raise forms.ValidationError(
                    _("This code is not valid. Enter the code that your app shows now.")
                )
        return token


def needs_enrolment(request) -> bool:
    user = request.user
    return (
        settings.ADMIN_REQUIRE_2FA
        and user.is_active
        and user.is_staff
        and not user.is_verified()
        and not confirmed_devices(user)
    )


def qr_code_svg(uri: str) -> str:
    # Drawn here, never by an outside service: the URI holds the secret.
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="qr-code", title=str(_("QR code"))
    )
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-title" ', 1).replace(
        "<title>", '<title id="qr-title">', 1
    )


class PortalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        if user.is_verified():
            return True
        # A confirmed device must have been used in this session; without one, the
        # password is enough unless two-factor login is required for everyone.
        return not settings.ADMIN_REQUIRE_2FA and not confirmed_devices(user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            match = request.resolver_match
            if needs_enrolment(request) and (match and match.url_name) not in ENROLMENT_VIEWS:
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        wrapper.admin_site = self
        return wrapper

    def get_urls(self):
        return [
            path("two-factor/", self.two_factor_view, name="two_factor"),
            path("translations/", self.admin_view(self.translations_view), name="translations"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The editor's home: what needs them first, then the apps."""
        from .editor_home import home_context  # the apps' models, once they are loaded

        return super().index(request, {**home_context(self, request), **(extra_context or {})})

    def translations_view(self, request):
        """Per translated model and language, the share of the user's records translated."""
        from .editor_home import translation_rows

        context = {
            **self.each_context(request),
            "title": _("Translations"),
            "rows": translation_rows(self, request),
            "languages": languages(),
        }
        return TemplateResponse(request, "admin/translations.html", context)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def two_factor_view(self, request):
        """Enrol an authenticator app (QR code, first code), or remove it with a code;
        show new recovery codes once, and make new ones."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if enrolled and request.method == "POST" and "new_recovery_codes" in request.POST:
            return self._new_recovery_codes(request)
        if enrolled:
            device = None
        else:
            device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name=str(_("Authenticator app")), confirmed=False
                )
        form = TwoFactorForm(request.POST or None, device=device, user=user)
        if request.method == "POST" and form.is_valid():
            if device is not None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=user)
                messages.success(
                    request, _("Two-factor login is on. From now on, log in with a code.")
                )
                return redirect("admin:two_factor")
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()  # the recovery codes too
            request.user.otp_device = None
            messages.success(request, _("Two-factor login is off for your account."))
            return redirect("admin:index")
        context = {
            **self.each_context(request),
            "title": _("Two-factor login"),
            "form": form,
            "enrolled": enrolled,
            "required": settings.ADMIN_REQUIRE_2FA,
        }
        if enrolled:
            context["new_codes"] = (
                request.session.pop(NEW_CODES_SESSION_KEY, None)
                if request.method == "GET"
                else None
            )
            context["codes_left"] = recovery_codes_left(user)
            context["may_replace_codes"] = user.is_verified()
        if device is not None:
            context["otpauth_uri"] = device.config_url
            context["qr_svg"] = mark_safe(qr_code_svg(device.config_url))  # noqa: S308 - our SVG
        return render(
            request,
            "admin/two_factor.html",
            context,
            status=400 if request.method == "POST" else 200,
        )

    def _new_recovery_codes(self, request):
        """Replace the recovery codes; only in a session that gave a code at login, so a
        stolen password alone cannot make codes."""
        if not request.user.is_verified():
            messages.error(request, _("Log in with a code first to make new recovery codes."))
            return redirect("admin:two_factor")
        request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=request.user)
        messages.success(
            request, _("Your new recovery codes are below. The old ones no longer work.")
        )
        return redirect("admin:two_factor")


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes' lockout answer: a translated page with status 429."""
    return render(
        request,
        "admin/lockout.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "username": get_client_username(request, credentials) or "",
            "cooloff_minutes": int(get_cool_off(request).total_seconds() // 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
