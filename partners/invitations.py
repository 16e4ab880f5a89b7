"""Invitations of new editors: a set-password link that expires, sent through the outbox.

The link's token is Django's password-reset token under another salt and with its own
lifetime (``INVITE_TIMEOUT_DAYS``): it opens nothing but the invitation page, and it is
spent as soon as the password is set (the token covers the password's hash, which the
invitation leaves unusable until then). The message is built when the outbox sends it
(``core.outbox``), in the language the inviter chose.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core.models import OutboxEmail
from core.outbox import absolute_url

INVITATION = "editor_invitation"
KINDS = [(INVITATION, _("Invitation to edit the portal"))]


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """A password-reset token that only the invitation page accepts, for
    ``INVITE_TIMEOUT_DAYS`` instead of ``PASSWORD_RESET_TIMEOUT``."""

    key_salt = "partners.invitations.InvitationTokenGenerator"

    def timeout(self) -> int:
        return int(datetime.timedelta(days=settings.INVITE_TIMEOUT_DAYS).total_seconds())

    def check_token(self, user, token):
        # Django's check, with this generator's lifetime.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= self.timeout()


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user) -> str:
    """The invitation page of ``user``, with a fresh token."""
    return reverse(
        "editor_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def build_invitation(email: OutboxEmail) -> EmailMessage:
    """The invitation of one new editor (``email.owner``), in the active language."""
    user = get_user_model().objects.select_related("partner_staff__partner").get(pk=email.object_id)
    subject = str(_("Your invitation to edit the Next2Met portal"))
    body = render_to_string(
        "emails/editor_invitation.txt",
        {
            "user": user,
            "partner": user.partner_staff.partner,
            "url": absolute_url(invitation_path(user)),
            "days": settings.INVITE_TIMEOUT_DAYS,
        },
    )
    return EmailMessage(subject=subject, body=body, to=[email.to])
