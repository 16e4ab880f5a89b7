"""Policy Learning Events and other meetings: agenda, materials, registrations.

Capacity is never stored as a counter: the seats taken are counted from the
registrations, under a lock on the event row (see ``events.services``).
"""

import datetime
import secrets
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname

from core.renditions import RenditionsField
from core.uploads import (
    DOCUMENT_HELP_TEXT,
    IMAGE_HELP_TEXT,
    CheckedDocumentField,
    CheckedImageField,
    UploadTo,
)
from partners.models import Partner, StakeholderOrganisation

from . import zones


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Enter a time zone name such as Europe/Helsinki."), code="invalid_timezone"
        ) from error


class EventQuerySet(models.QuerySet):
    def public(self):
        """Published and cancelled events (a cancelled event stays visible as such)."""
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def with_registration_counts(self, *statuses):
        """``n_<status>`` on each event: its registrations in that status, counted by a
        subquery (from the index on event and status) for the rows fetched only, rather
        than grouped over every event's registrations."""

        def count(status):
            rows = (
                Registration.objects.filter(event=models.OuterRef("pk"), status=status)
                .order_by()
                .values("event")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows), 0)

        return self.annotate(**{f"n_{status}": count(status) for status in statuses})


class Event(models.Model):
    class Kind(models.TextChoices):
        PLE = "ple", _("Policy Learning Event")
        STUDY_VISIT = "study_visit", _("Study visit")
        STAKEHOLDER_MEETING = "stakeholder_meeting", _("Stakeholder meeting")
        FINAL = "final", _("Final event")
        OTHER = "other", _("Other event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.PLE)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("For Policy Learning Events: 1, 2, 3…")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    host = models.ForeignKey(
        Partner, verbose_name=_("host partner"), on_delete=models.PROTECT, related_name="events"
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Helsinki",
        validators=[validate_timezone],
        help_text=_("Where the event takes place; the agenda is shown in this time zone."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent to confirmed participants only; never shown on the public page."),
    )
    moved_online = models.BooleanField(_("moved online"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_enabled = models.BooleanField(
        _("stakeholders can register"),
        default=True,
        help_text=_("Untick for internal meetings of the partners."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        null=True,
        blank=True,
        help_text=_(
            "After this, participants can no longer cancel online. Empty: until the start."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before)"),
        default=2,
        validators=[MaxValueValidator(60)],
        help_text=_("0 sends no reminder."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days after the event)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Used as Reply-To in the emails.")
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "end"], name="event_status_end")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.registration_opens and self.registration_closes:
            if self.registration_closes <= self.registration_opens:
                errors["registration_closes"] = _("Registration must close after it opens.")
        if self.registration_closes and self.end and self.registration_closes > self.end:
            errors["registration_closes"] = _("Registration cannot close after the event ends.")
        if self.number and self.kind != self.Kind.PLE:
            errors["number"] = _("Only Policy Learning Events are numbered.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return datetime.UTC

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tz)

    @property
    def utc_offset(self):
        """``+01:00``: the event's offset from UTC at its start, as the admin writes it."""
        return zones.utc_offset(self.start, self.tz)

    @property
    def is_online(self):
        return self.moved_online or (bool(self.online_url) and not self.venue)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def registration_state(self, now=None):
        """Why the form is shown or not: "open", "not_yet", "closed", "none"."""
        now = now or timezone.now()
        if not self.registration_enabled or self.status != self.Status.PUBLISHED:
            return "none"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet"
        closes = self.registration_closes or self.start
        if now >= closes:
            return "closed"
        return "open"

    def can_cancel(self, now=None):
        now = now or timezone.now()
        return now < (self.cancellation_deadline or self.start)

    @cached_property
    def days(self):
        """The agenda grouped by local day: [(date, [sessions])], sessions prefetched."""
        days = {}
        for session in self.sessions.all():
            days.setdefault(session.local_start.date(), []).append(session)
        return sorted(days.items())


class Session(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        KEYNOTE = "keynote", _("Keynote")
        PANEL = "panel", _("Panel")
        PRESENTATION = "presentation", _("Presentation")
        SITE_VISIT = "site_visit", _("Site visit")
        BREAK = "break", _("Break")

    class Audience(models.TextChoices):
        OPEN = "open", _("Open to stakeholders")
        PARTNERS = "partners", _("Partners only")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PRESENTATION
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.OPEN
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("agenda")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        event = getattr(self, "event", None) if self.event_id else None
        if event and self.start and not (event.start <= self.start <= event.end):
            errors["start"] = _("The session must take place during the event.")
        if errors:
            raise ValidationError(errors)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.event.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.event.tz)

    @property
    def partners_only(self):
        return self.audience == self.Audience.PARTNERS


class Material(models.Model):
    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        PHOTOS = "photos", _("Photo album")
        REPORT = "report", _("Report")
        LINK = "link", _("Link")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners only")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = CheckedDocumentField(
        _("file"),
        upload_to=UploadTo("events/materials"),
        blank=True,
        help_text=DOCUMENT_HELP_TEXT,
    )
    url = models.URLField(_("link"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        # A photo album holds its photos (Photo); a file or a link is optional there.
        if not self.file and not self.url and self.kind != self.Kind.PHOTOS:
            errors["url"] = _("Upload a file or give a link.")
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            errors["session"] = _("The session belongs to another event.")
        if errors:
            raise ValidationError(errors)

    @property
    def href(self):
        # Files go through the download view: it names them after the title.
        return reverse("events:material", args=[self.pk]) if self.file else self.url


class PhotoAlbumManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Material.Kind.PHOTOS)


class PhotoAlbum(Material):
    """A material of the kind "Photo album", edited with its photos on a page of its own
    (the admin cannot nest the photos in the event's materials)."""

    objects = PhotoAlbumManager()

    class Meta:
        proxy = True
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")

    def save(self, *args, **kwargs):
        self.kind = Material.Kind.PHOTOS
        super().save(*args, **kwargs)

    def clean(self):
        self.kind = Material.Kind.PHOTOS
        super().clean()


class Photo(models.Model):
    """A picture of a photo album, shown on the event's page as a thumbnail that links to
    the large picture; seen by the public when its album is published and public."""

    material = models.ForeignKey(
        Material,
        verbose_name=_("photo album"),
        on_delete=models.CASCADE,
        related_name="photos",
        limit_choices_to={"kind": Material.Kind.PHOTOS},
    )
    image = CheckedImageField(
        _("photo"),
        upload_to=UploadTo("events/photos"),
        help_text=IMAGE_HELP_TEXT,
    )
    # After the image: its copies are made from the stored file, and they record its size.
    renditions = RenditionsField(source="image")
    alt_text = models.CharField(
        _("text alternative"),
        max_length=250,
        help_text=_(
            "What the photo shows, for people who cannot see it (not “photo of …”). "
            "Do not name people who have not agreed to it."
        ),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    def clean(self):
        if self.material_id and self.material.kind != Material.Kind.PHOTOS:
            raise ValidationError(
                {"material": _("Photos belong to a material of the kind “Photo album”.")}
            )


def new_registration_key():
    return secrets.token_urlsafe(24)


def new_person_key():
    return secrets.token_hex(16)


def normalised_email(address: str) -> str:
    """The form in which two registrations of one person compare equal."""
    return (address or "").strip().lower()


class RegistrationQuerySet(models.QuerySet):
    def holding_seats(self, now=None):
        """The registrations that hold a seat: confirmed ones, and pending ones whose hold
        has not ended (an organiser may clear its end: then it holds until confirmed)."""
        hold = models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now or timezone.now())
        return self.filter(
            models.Q(status=Registration.Status.CONFIRMED)
            | (models.Q(status=Registration.Status.PENDING) & hold)
        )


class Registration(models.Model):
    """A stakeholder's sign-up. No account: signed links in the emails identify it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        EXPIRED = "expired", _("Expired (not confirmed in time)")

    OrganisationType = StakeholderOrganisation.Sector

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    name = models.CharField(pgettext_lazy("a person's", "name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    country = CountryField(_("country"))
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    access_needs = models.TextField(_("access needs"), max_length=1000, blank=True)
    key = models.CharField(max_length=64, default=new_registration_key, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    expires_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("attended"), null=True, blank=True)
    participant_role = models.CharField(
        _("participant"),
        max_length=20,
        choices=[
            ("stakeholder", _("Stakeholder")),
            ("partner_staff", _("Partner staff")),
        ],
        default="stakeholder",
        help_text=_("The reports count partner staff and stakeholders apart."),
    )
    # The same random code on every attended registration of one person (one normalised
    # email), set at check-in: the reports count each person once across the project,
    # whatever the order of check-in. Derived from nothing, it stays when the email is
    # anonymised and then no longer leads to anyone.
    person_key = models.CharField(
        _("person code"), max_length=32, blank=True, default="", editable=False, db_index=True
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Its emails in the site's outbox: deleted with the registration.
    emails = GenericRelation("core.OutboxEmail", related_query_name="registration")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per person and event, whatever the case of the email.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(
                    status__in=["pending", "confirmed", "waitlisted"], anonymised_at__isnull=True
                ),
                name="unique_active_registration_per_email",
            ),
            # Every row is in a state that holding_seats() classifies.
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["pending", "confirmed", "waitlisted", "cancelled", "expired"]
                ),
                name="registration_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status"),
            # The admin's list, newest last, a page at a time.
            models.Index(fields=["created_at", "id"], name="registration_created"),
        ]

    def __str__(self):
        return self.name or str(_("(anonymised)"))


class EventMessageQuerySet(models.QuerySet):
    def sent_since(self, moment):
        return self.filter(created_at__gt=moment)


class EventMessage(models.Model):
    """A message the organisers wrote to an event's registrants, kept as it was sent.

    Its text is per language (English required); each registrant's email carries it in
    their own language, or in English when that language has none. The emails are in the
    outbox, each owned by its registration (``OutboxEmail.ref`` names this message).
    """

    class Group(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed participants")
        WAITLISTED = "waitlisted", _("On the waiting list")
        ATTENDED = "attended", _("Attended")
        ACTIVE = "active", _("Everyone registered (confirmed, waiting or not yet confirmed)")

    SUBJECT_MAX_LENGTH = 150
    BODY_MAX_LENGTH = 5000

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    groups = models.JSONField(_("groups"), default=list)
    # English is required (translation.py); the other languages are optional by design,
    # not missing: blank here keeps messages out of the translation status and overview.
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    # The preview's one-time key: the same form sent twice (a double click) sends once.
    send_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = EventMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subject

    def clean(self):
        errors = {}
        for field in ("subject", "body"):
            name = build_localized_fieldname(field, "en")
            if not (getattr(self, name, None) or "").strip():
                errors[name] = _("Write it in English: everyone without their own gets that.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def group_filter(cls, group: str) -> models.Q:
        """The registrations a group reaches (never anonymised ones)."""
        return {
            cls.Group.CONFIRMED: models.Q(status=Registration.Status.CONFIRMED),
            cls.Group.WAITLISTED: models.Q(status=Registration.Status.WAITLISTED),
            cls.Group.ATTENDED: models.Q(checked_in_at__isnull=False),
            cls.Group.ACTIVE: models.Q(
                status__in=[
                    Registration.Status.PENDING,
                    Registration.Status.CONFIRMED,
                    Registration.Status.WAITLISTED,
                ]
            ),
        }[group]

    @classmethod
    def recipients_of(cls, event: Event, groups) -> models.QuerySet:
        """The registrations of ``event`` in any of ``groups``, each once."""
        reached = models.Q(pk__in=[])
        for group in groups:
            reached |= cls.group_filter(group)
        return event.registrations.filter(reached, anonymised_at__isnull=True).exclude(email="")

    @property
    def group_labels(self) -> list[str]:
        labels = dict(self.Group.choices)
        return [str(labels.get(group, group)) for group in self.groups]
