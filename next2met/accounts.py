"""Staff accounts: password reset by email, and the page where an invited editor
chooses a password.

Both use Django's views and the admin's own templates, so they look like the admin and
speak its languages. The reset email goes only to active staff with a password, through
the outbox (``core.outbox``: built when it is sent, with a fresh token); a reset never
logs anyone in, so the login form still asks for the two-factor code. Requests are
rate-limited per client address and per email address, and the answer is the same
whether or not the address belongs to someone.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from core import outbox
from core.models import OutboxEmail
from partners.invitations import invitation_tokens

PASSWORD_RESET = "admin_password_reset"  # noqa: S105 - an email kind
KINDS = [(PASSWORD_RESET, _("Password reset"))]


class StaffPasswordResetForm(PasswordResetForm):
    """Django's form, for active staff only, queueing the email in the outbox."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def save(self, **kwargs):
        # The view's template, token and domain options are those of the builder below.
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        with transaction.atomic():
            for user in self.get_users(self.cleaned_data["email"]):
                outbox.queue(user, PASSWORD_RESET, to=user.email, language=language)


def build_password_reset(email: OutboxEmail) -> EmailMessage:
    """Django's reset email (its translated template), with a token made now."""
    user = get_user_model().objects.get(pk=email.object_id)
    base = urlsplit(settings.PORTAL_BASE_URL)
    context = {
        "email": email.to,
        "domain": base.netloc,
        "site_name": str(admin.site.site_title),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": base.scheme,
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    body = render_to_string("registration/password_reset_email.html", context)
    return EmailMessage(subject="".join(subject.splitlines()), body=body, to=[email.to])


def delete_user_emails(sender, instance, **kwargs):
    """A deleted account's emails leave the outbox with it (a User has no
    GenericRelation to cascade them)."""
    OutboxEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


class AdminPageMixin:
    """The admin's header, title and links on a page outside ``admin.site``."""

    def get_context_data(self, **kwargs):
        return {
            **admin.site.each_context(self.request),
            **super().get_context_data(**kwargs),
            "login_url": reverse("admin:login"),
        }


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()


class PasswordResetView(AdminPageMixin, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm

    def form_valid(self, form):
        # Both counters count every request, known address or not: the answer says
        # nothing about who has an account.
        limited = [
            is_ratelimited(
                self.request,
                group="admin.password_reset",
                key=key,
                rate=settings.ADMIN_PASSWORD_RESET_RATE,
                method="POST",
                increment=True,
            )
            for key in ("ip", _email_key)
        ]
        if any(limited):
            form.add_error(
                "email",
                forms.ValidationError(
                    _("Too many password reset requests. Please try again in an hour."),
                    code="rate_limited",
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(AdminPageMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active and user.is_staff else None


class PasswordResetCompleteView(AdminPageMixin, auth_views.PasswordResetCompleteView):
    pass


class InvitationView(PasswordResetConfirmView):
    """The invited editor chooses a password; the link then is spent."""

    token_generator = invitation_tokens
    template_name = "admin/invitation.html"
    title = _("Choose your password")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Only an account that has never had a password: a used link stays used.
        return user if user is not None and not user.has_usable_password() else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["validlink"]:
            context["title"] = _("This invitation link no longer works")
        return {**context, "timeout_days": settings.INVITE_TIMEOUT_DAYS}
