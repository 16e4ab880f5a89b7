"""The validation path of a good practice, as in Interreg Europe:

draft → submitted → approved by the project (published here) → validated by the
programme → in the Policy Learning Platform database; or declined, with a reason.

Partner staff submit their own practices and may send a published one back to review
(to change it); only lead-partner staff approve, decline and record the programme's
validation. Every step is recorded with who and when, and the owner's staff are told
by email through the site's outbox (sent after commit, retried until it goes out).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

from core import outbox
from core.pagecache import content_changed
from partners.scoping import is_lead_editor, partner_of

from . import emails
from .models import GoodPractice, StatusChange

S = GoodPractice.Status

# target: (allowed sources, only lead-partner staff may do it)
TRANSITIONS = {
    S.SUBMITTED: ({S.DRAFT, S.DECLINED, S.APPROVED, S.VALIDATED, S.IN_DATABASE}, False),
    S.DRAFT: ({S.SUBMITTED, S.DECLINED}, False),
    S.APPROVED: ({S.SUBMITTED}, True),
    S.DECLINED: ({S.SUBMITTED}, True),
    S.VALIDATED: ({S.APPROVED}, True),
    S.IN_DATABASE: ({S.VALIDATED}, True),
}
# What the button says, from the editor's point of view.
ACTION_LABELS = {
    S.SUBMITTED: _("Submit for review"),
    S.DRAFT: _("Take back to draft"),
    S.APPROVED: _("Approve and publish"),
    S.DECLINED: _("Decline"),
    S.VALIDATED: _("Record validation by the programme"),
    S.IN_DATABASE: _("Record entry in the Policy Learning Platform database"),
}
RESUBMIT_LABEL = _("Send back to review to change it")
# The steps that ask for the practice's page in the Policy Learning Platform database: it
# may be there once the programme has validated it, and must be to record the entry.
PROGRAMME_URL_STEPS = {S.VALIDATED: False, S.IN_DATABASE: True}  # target: required


def may_edit(user, practice: GoodPractice) -> bool:
    """Partner staff change a practice only until it is published."""
    return is_lead_editor(user) or not practice.is_published


def may_act_on(user, practice: GoodPractice) -> bool:
    return is_lead_editor(user) or (
        partner_of(user) is not None and partner_of(user).pk == practice.owner_id
    )


def allowed_transitions(user, practice: GoodPractice) -> list[str]:
    if not may_act_on(user, practice):
        return []
    lead = is_lead_editor(user)
    return [
        target
        for target, (sources, lead_only) in TRANSITIONS.items()
        if practice.status in sources and (lead or not lead_only)
    ]


def action_label(practice: GoodPractice, target: str):
    if target == S.SUBMITTED and practice.is_published:
        return RESUBMIT_LABEL
    return ACTION_LABELS[target]


# What a published practice shows in every language: readers of a language it is not
# written in get the English text.
ENGLISH_BEFORE_PUBLISHING = ("title", "summary", "description")


def _require_english(practice: GoodPractice) -> None:
    missing = [
        str(GoodPractice._meta.get_field(name).verbose_name)
        for name in ENGLISH_BEFORE_PUBLISHING
        if not getattr(practice, build_localized_fieldname(name, "en"))
    ]
    if missing:
        raise ValidationError(
            _(
                "Write the English %(fields)s before approving: readers of every other "
                "language see the English text where theirs is missing."
            )
            % {"fields": ", ".join(missing)}
        )


def transition(
    practice_id: int, target: str, *, user, reason: str = "", programme_url: str = ""
) -> StatusChange:
    """Move a practice along the path; raises PermissionDenied or ValidationError.

    A decline needs a reason; recording the entry in the Policy Learning Platform
    database needs the address of the practice's page there (PROGRAMME_URL_STEPS), on
    the programme's site, and stores it on the practice.
    """
    reason = (reason or "").strip()
    programme_url = (programme_url or "").strip()
    with transaction.atomic():
        practice = GoodPractice.objects.select_for_update().get(pk=practice_id)
        if target not in allowed_transitions(user, practice):
            if target in TRANSITIONS and TRANSITIONS[target][1] and not is_lead_editor(user):
                raise PermissionDenied(_("Only lead-partner staff can do this."))
            raise ValidationError(
                _("A practice that is “%(status)s” cannot go to “%(target)s”.")
                % {"status": practice.get_status_display(), "target": S(target).label}
            )
        if target == S.DECLINED and not reason:
            raise ValidationError({"reason": _("Say why the practice is declined.")})
        if target == S.APPROVED:
            _require_english(practice)
        if target in PROGRAMME_URL_STEPS:
            # The address given now, or the one the practice has already (the form offers it).
            programme_url = programme_url or practice.programme_url
            _check_programme_url(programme_url, required=PROGRAMME_URL_STEPS[target])
        change = StatusChange.objects.create(
            practice=practice, from_status=practice.status, to_status=target, by=user, reason=reason
        )
        fields = {"status": target, "updated_at": timezone.now()}
        if target == S.DECLINED:
            fields["decline_reason"] = reason
        elif target == S.APPROVED:
            fields["decline_reason"] = ""
            fields["published_at"] = practice.published_at or timezone.now()
        if target in PROGRAMME_URL_STEPS and programme_url:
            fields["programme_url"] = programme_url
        # update() rather than save(): the texts and search vectors do not change.
        GoodPractice.objects.filter(pk=practice.pk).update(**fields)
        content_changed("goodpractices")
        queue_status_notice(change)
    return change


def _check_programme_url(url: str, *, required: bool):
    if not url:
        if required:
            raise ValidationError(
                {
                    "programme_url": _(
                        "Give the address of the practice's page in the Policy Learning "
                        "Platform database."
                    )
                }
            )
        return
    field = GoodPractice._meta.get_field("programme_url")
    try:
        field.run_validators(url)  # an address, not too long, on the programme's site
    except ValidationError as error:
        raise ValidationError({"programme_url": error.messages}) from error


def status_notice_recipients(practice: GoodPractice) -> list:
    """Who hears of a step of ``practice``: the active staff of the owner partner who
    have an email address (the users, one per address)."""
    users = {}
    for staff in practice.owner.staff.select_related("user").order_by("user__username"):
        if staff.user.email and staff.user.is_active:
            users.setdefault(staff.user.email, staff.user)
    return [users[address] for address in sorted(users)]


def status_notice_description(practice: GoodPractice) -> str:
    """Says, before a step is taken, who will be told of it by email (the recipients of
    ``queue_status_notice``)."""
    users = status_notice_recipients(practice)
    if not users:
        return _(
            "Nobody is told by email: no staff member of %(partner)s has an email address."
        ) % {"partner": practice.owner}
    return ngettext(
        "The owner partner's editor gets an email: %(names)s (%(partner)s).",
        "The owner partner's %(count)s editors get an email: %(names)s (%(partner)s).",
        len(users),
    ) % {
        "count": len(users),
        "names": ", ".join(user.get_full_name() or user.get_username() for user in users),
        "partner": practice.owner,
    }


def queue_status_notice(change: StatusChange) -> int:
    """Queue the notice of ``change`` to each active staff member of the owner partner
    who has an email address, in the outbox (sent after commit); returns how many."""
    practice = change.practice
    recipients = [user.email for user in status_notice_recipients(practice)]
    language = emails.owner_language(practice)
    for to in recipients:
        outbox.queue(change, emails.STATUS_NOTICE, to=to, language=language)
    return len(recipients)
