"""Recovery codes: single-use codes that log a staff user in when their phone is lost.

They are django-otp static tokens (one ``StaticDevice`` per user). They are digits, ten
of them, so that they fit the login form's numeric code field and are told apart from
the authenticator app's six digits by their length alone: a code is tried only against
the devices of its kind, so a mistyped app code never throttles the recovery codes, nor
the reverse.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

DIGITS = 10


def normalise(code: str) -> str:
    """What the user typed, without the spaces and hyphens of the printed form."""
    return "".join(code.split()).replace("-", "")


def is_recovery_code(token: str) -> bool:
    return len(token) == DIGITS and token.isdigit()


def printable(token: str) -> str:
    half = DIGITS // 2
    return f"{token[:half]}-{token[half:]}"


def recovery_codes_replace(*, user) -> list[str]:
    """Give ``user`` a new set of recovery codes; the old ones stop working. Returns the
    codes in their printed form, to be shown once."""
    tokens = set()
    while len(tokens) < settings.ADMIN_RECOVERY_CODES:
        tokens.add(f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}")
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": str(_("Recovery codes")), "confirmed": True}
        )
        device.token_set.all().delete()
        device.throttle_reset()  # a fresh start for the new codes
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in sorted(tokens))
    return [printable(t) for t in sorted(tokens)]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def match_code(user, token: str):
    """The confirmed device of ``user`` that accepts ``token`` (spending it if it is a
    recovery code), or None. The devices are locked while they check, so a recovery code
    used twice at once works once."""
    recovery = is_recovery_code(token)
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, StaticDevice) != recovery:
                continue
            if device.verify_token(token):
                return device
    return None
