"""The path of a news post: draft → submitted → published.

A partner's staff write and submit their own posts; only lead-partner staff publish
(or take a published post back to draft). Partner staff change a post only until it is
published, so what the lead partner approved is what readers see.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partners.scoping import is_lead_editor, partner_of

from .models import NewsPost

S = NewsPost.Status

# target: (allowed sources, only lead-partner staff may do it)
TRANSITIONS = {
    S.DRAFT: ({S.SUBMITTED, S.PUBLISHED}, False),
    S.SUBMITTED: ({S.DRAFT}, False),
    S.PUBLISHED: ({S.DRAFT, S.SUBMITTED}, True),
}
# Taking a published post down is the lead partner's decision too.
LEAD_ONLY_SOURCES = {S.PUBLISHED}


def may_edit(user, post: NewsPost) -> bool:
    """Partner staff change a post only until it is published."""
    return is_lead_editor(user) or not post.is_published


def _may_act_on(user, post: NewsPost) -> bool:
    if is_lead_editor(user):
        return True
    partner = partner_of(user)
    return partner is not None and partner.pk == post.partner_id


def allowed_statuses(user, post: NewsPost | None) -> list[str]:
    """The statuses ``user`` may give ``post`` (its own status included); for a new post
    (None) the ones it may be created with."""
    lead = is_lead_editor(user)
    if post is None or post.pk is None:
        return [S.DRAFT, S.SUBMITTED, S.PUBLISHED] if lead else [S.DRAFT, S.SUBMITTED]
    if not _may_act_on(user, post):
        return []
    targets = [
        target
        for target, (sources, lead_only) in TRANSITIONS.items()
        if post.status in sources
        and (lead or (not lead_only and post.status not in LEAD_ONLY_SOURCES))
    ]
    return [post.status, *targets]


def newspost_set_status(*, post: NewsPost, status: str, user) -> NewsPost:
    """Give ``post`` the status ``status`` if ``user`` may (PermissionDenied otherwise).

    Guarantees: a post reaches ``published`` only through lead-partner staff, and a
    published post leaves it only through them. Saves the post (the page cache of the
    news scope is emptied by the model signal); locks nothing.
    """
    if status not in allowed_statuses(user, post if post.pk else None):
        raise PermissionDenied(_("Only lead-partner editors publish news or take it down."))
    post.status = status
    with transaction.atomic():
        post.save()
    return post
