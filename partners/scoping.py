"""The partner-scoping rule: who is a lead editor, which partner a staff user works for.

The admin's scoping mechanism (``core.admin_scoping``) asks these two questions; the
answers live here, with the data they read. ``PartnersConfig.ready`` hands them to core.
"""

from .models import Partner


def partner_of(user):
    """The partner a staff user works for, or None (cached on the user object)."""
    if not hasattr(user, "_next2met_partner"):
        staff = getattr(user, "partner_staff", None) if user.is_authenticated else None
        user._next2met_partner = staff.partner if staff else None
    return user._next2met_partner


def is_lead_editor(user) -> bool:
    if user.is_superuser:
        return True
    partner = partner_of(user)
    return partner is not None and partner.role == Partner.Role.LEAD
