"""Signed links in the emails: no account, the link is the key.

Each link names one registration and its random key; erasing or anonymising the
registration changes or removes the key, so old links stop working.
"""

import datetime

from django.conf import settings
from django.core import signing

from .models import Registration

CONFIRM = "confirm"
MANAGE = "manage"


class LinkError(Exception):
    def __init__(self, code: str):  # "invalid" or "expired"
        super().__init__(code)
        self.code = code


def make_token(registration: Registration, purpose: str) -> str:
    return signing.dumps([registration.pk, registration.key], salt=f"events.{purpose}")


def read_token(token: str, purpose: str) -> Registration:
    max_age = (
        datetime.timedelta(days=settings.EVENTS_CONFIRM_LINK_DAYS) if purpose == CONFIRM else None
    )
    try:
        pk, key = signing.loads(token, salt=f"events.{purpose}", max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError("expired") from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkError("invalid") from error
    registration = (
        Registration.objects.select_related("event", "event__host")
        .filter(pk=pk, key=key, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise LinkError("invalid")
    return registration
