"""Writes of the partners app that do more than one thing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import outbox

from .invitations import INVITATION
from .models import Partner, PartnerStaff
from .roles import LEAD_EDITORS, PARTNER_EDITORS


def editor_invite(*, email: str, first_name: str, last_name: str, partner: Partner, language: str):
    """Create the staff account of a new editor of ``partner`` and queue the invitation.

    In one transaction: the user (username = the email address, no usable password
    until they choose one through the invitation), their editor group (the lead
    partner's editors for the lead partner, the partner editors' otherwise, as in
    ``partners.roles``), their link to the partner, and the invitation in the outbox,
    sent once the transaction commits. The caller checks that the address is free.
    """
    address = email.strip().lower()
    group = LEAD_EDITORS if partner.role == Partner.Role.LEAD else PARTNER_EDITORS
    with transaction.atomic():
        user = get_user_model()(
            username=address,
            email=address,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_active=True,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
        user.groups.add(Group.objects.get(name=group))
        PartnerStaff.objects.create(user=user, partner=partner)
        outbox.queue(user, INVITATION, to=address, language=language)
    return user


def editor_invite_again(*, user, language: str) -> bool:
    """Queue a new invitation for an editor who has not chosen a password yet; False
    (and nothing queued) for anyone else."""
    if user.has_usable_password() or user.last_login or not user.is_active or not user.email:
        return False
    with transaction.atomic():
        outbox.queue(user, INVITATION, to=user.email, language=language)
    return True
