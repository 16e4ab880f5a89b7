import datetime
import secrets
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
)

from core import outbox
from core.admin_scoping import (
    PartnerScopedAdminMixin,
    PartnerScopedInlineMixin,
    translated_fields,
)
from core.exports import csv_response
from core.models import OutboxEmail
from core.pagecache import SEATS, content_changed
from core.translation_status import TranslationStatusAdminMixin

from . import privacy, services
from .emails import preview_message
from .forms import EventMessageForm
from .models import Event, EventMessage, Material, Photo, PhotoAlbum, Registration, Session
from .zones import (
    PARTNER_ZONES,
    TimeZoneField,
    ZonedSplitDateTimeField,
    local_time_note,
    zone_or_utc,
)

# Changes that make calendars and participants need the news.
NOTIFY_ON_CHANGE = ("start", "end", "venue_en", "city_en", "online_url", "status")

# Every date-time of an event is entered and shown in the event's own time zone.
ZONED_FIELDS = {models.DateTimeField: {"form_class": ZonedSplitDateTimeField}}


def _in_zone(form, names, zone_name, note, event=None):
    """Give the date-time fields ``names`` the zone ``zone_name`` and name it next to them,
    with its offset at the field's time (or else the event's start: summer or winter)."""
    zone = zone_or_utc(zone_name)
    for name in names:
        field = form.fields.get(name)
        if isinstance(field, ZonedSplitDateTimeField):
            field.zone = zone
            moment = getattr(form.instance, name, None) or getattr(event, "start", None)
            text = note or local_time_note(zone_name, moment)
            field.help_text = f"{field.help_text} {text}" if field.help_text else text
    return zone


class EventAdminForm(forms.ModelForm):
    """Times in the event's zone: the stored one, or the one submitted with them (an
    editor who changes the zone and the times in one go means the new zone)."""

    zoned = ("start", "end", "registration_opens", "registration_closes", "cancellation_deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "timezone" in self.fields:
            self.fields["timezone"].with_value(self.instance.timezone)
        zone_name, note = self.instance.timezone, None
        if self.is_bound and "timezone" in self.fields:
            submitted = self.data.get(self.add_prefix("timezone"))
            if submitted and zone_or_utc(submitted) is not datetime.UTC:
                zone_name = submitted
        elif self.instance.pk is None:
            # The editor may still pick another zone in the form.
            note = gettext("Local time in the time zone chosen above.")
        self.zone = _in_zone(self, self.zoned, zone_name, note, self.instance)

    def clean_capacity(self):
        # Fewer seats than are held would break promises made: the editor cancels first.
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and self.instance.pk:
            held = self.instance.registrations.holding_seats().count()
            if capacity < held:
                raise forms.ValidationError(
                    ngettext(
                        "%(held)s seat is taken (confirmed, or held while the person "
                        "confirms their address). Cancel that registration first, or keep "
                        "at least %(held)s seat.",
                        "%(held)s seats are taken (confirmed, or held while people confirm "
                        "their address). Cancel registrations first, or keep at least "
                        "%(held)s seats.",
                        held,
                    ),
                    params={"held": held},
                    code="below_held",
                )
        return capacity


class SessionFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        # The formset's event carries the zone submitted with it (see EventAdminForm).
        return {**super().get_form_kwargs(index), "event": self.instance}


class SessionAdminForm(forms.ModelForm):
    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        note = None
        if event is None or (event.pk is None and not self.is_bound):
            note = gettext("Local time in the event's time zone (chosen above).")
        zone_name = event.timezone if event is not None else "UTC"
        _in_zone(self, ("start", "end"), zone_name, note, event)


class SessionInline(PartnerScopedInlineMixin, TranslationStackedInline):
    model = Session
    form = SessionAdminForm
    formset = SessionFormSet
    formfield_overrides = ZONED_FIELDS
    extra = 0
    fields = (("start", "end"), "title", ("kind", "audience"), "room", "speakers", "description")


class MaterialInline(PartnerScopedInlineMixin, TranslationStackedInline):
    # Stacked, not tabular: a title in eight languages, a file or a link, the session and
    # who may see it made a table twice as wide as the form; stacked, every field has its
    # own <label> and the form fits a 1280 px screen and a phone.
    model = Material
    extra = 0
    fields = ("title", ("kind", "session"), "file", "url", ("visibility", "is_published", "order"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the sessions of the event being edited.
        if db_field.name == "session":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(event_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PhotoInline(TranslationStackedInline):
    # Stacked: a text alternative and a caption in eight languages per photo.
    model = Photo
    extra = 1
    fields = ("image", "thumbnail", "alt_text", "caption", "order")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, photo):
        if not photo.pk or not photo.renditions:
            return "–"
        sizes = photo.renditions.get("sizes") or []
        smallest = sizes[0] if sizes else photo.renditions | {"name": photo.image.name}
        # The text alternative is right below: the preview is decoration here.
        return format_html(
            '<img src="{}" alt="" width="160" height="{}">',
            photo.image.storage.url(smallest["name"]),
            round(smallest["height"] * 160 / smallest["width"]),
        )


@admin.register(PhotoAlbum)
class PhotoAlbumAdmin(PartnerScopedAdminMixin, TabbedTranslationAdmin):
    """A photo album of an event and its photos; partner editors reach their own
    events' albums only (through the event's host)."""

    partner_lookup = "event__host"
    list_display = ("title", "event", "photo_count", "visibility", "is_published")
    list_filter = ("is_published", "visibility")
    list_select_related = ("event",)
    search_fields = translated_fields("title")
    autocomplete_fields = ("event",)
    fields = ("title", "event", "session", ("visibility", "is_published", "order"))
    inlines = [PhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_photos=Count("photos"))

    @admin.display(description=_("photos"), ordering="n_photos")
    def photo_count(self, album):
        return album.n_photos

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the sessions of the album's own event (chosen above once it is saved).
        if db_field.name == "session":
            object_id = request.resolver_match.kwargs.get("object_id")
            album = Material.objects.filter(pk=object_id or 0).first()
            kwargs["queryset"] = Session.objects.filter(event_id=album.event_id if album else 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "host"
    form = EventAdminForm
    formfield_overrides = ZONED_FIELDS
    # The organiser tools come second, and the capacity and the counts share one column
    # (the kind is a filter): the whole table fits a 1280 px screen, with the sidebars.
    list_display = (
        "title",
        "tools",
        "local_start",
        "host_name",
        "status",
        "registration_counts",
    )
    list_filter = ("status", "kind", "host")
    list_select_related = ("host",)
    search_fields = translated_fields("title", "summary", "city")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("host",)
    date_hierarchy = "start"
    inlines = [SessionInline, MaterialInline]
    fieldsets = [
        (None, {"fields": ("title", "slug", ("kind", "number"), "host", "status")}),
        (_("Texts"), {"fields": ("summary", "description")}),
        (
            _("Time and place"),
            {
                "fields": (
                    "timezone",
                    ("start", "end"),
                    "venue",
                    ("city", "country"),
                    "online_url",
                    "moved_online",
                )
            },
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "registration_enabled",
                    "capacity",
                    ("registration_opens", "registration_closes"),
                    "cancellation_deadline",
                    "reminder_days",
                    "contact_email",
                    "retention_days",
                )
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-events.css"]}  # the list fits a 1280 px screen

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_registration_counts(
                Registration.Status.CONFIRMED,
                Registration.Status.PENDING,
                Registration.Status.WAITLISTED,
                Registration.Status.CANCELLED,
            )
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return db_field.formfield(form_class=TimeZoneField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        partner = self.own_partner(request)
        if partner is not None and partner.country.code in PARTNER_ZONES:
            initial.setdefault("timezone", PARTNER_ZONES[partner.country.code])
        return initial

    def render_change_form(self, request, context, *args, **kwargs):
        # Render now, in the event's zone: read-only times, and the offset that the
        # admin's "Now" shortcut and its time-difference note are computed from.
        response = super().render_change_form(request, context, *args, **kwargs)
        with timezone.override(context["adminform"].form.zone):
            return response.render()

    @admin.display(description=_("start"), ordering="start")
    def local_start(self, obj):
        # Translators: a date and time, then its time zone: "May 14, 2020, 10 a.m. (Europe/Vienna)".
        text = escape(gettext("%(time)s (%(zone)s)")) % {
            "time": escape(formats.localize(obj.local_start)),
            # The zone may break after "Europe/": the column stays narrow.
            "zone": escape(obj.timezone).replace("/", "/<wbr>"),
        }
        return mark_safe(text)  # noqa: S308 (every part is escaped above)

    @admin.display(description=_("host partner"), ordering="host")
    def host_name(self, obj):
        # The short name ("DIBA") keeps the column narrow; the filter has the full names.
        return obj.host.short_name or obj.host.name

    @admin.display(description=_("registrations"))
    def registration_counts(self, obj):
        """One line a status; a count of nought is left out, but for the confirmed."""
        if obj.capacity is None:
            lines = [
                ngettext("%(count)s confirmed", "%(count)s confirmed", obj.n_confirmed)
                % {"count": obj.n_confirmed}
            ]
        else:
            lines = [
                # Translators: in the event list, "12 of 40 confirmed": seats taken of the capacity.
                ngettext(
                    "%(count)s of %(capacity)s confirmed",
                    "%(count)s of %(capacity)s confirmed",
                    obj.n_confirmed,
                )
                % {"count": obj.n_confirmed, "capacity": obj.capacity}
            ]
        others = (
            (obj.n_pending, ngettext("%(count)s pending", "%(count)s pending", obj.n_pending)),
            (
                obj.n_waitlisted,
                ngettext(
                    "%(count)s on the waiting list",
                    "%(count)s on the waiting list",
                    obj.n_waitlisted,
                ),
            ),
            (
                obj.n_cancelled,
                ngettext("%(count)s cancelled", "%(count)s cancelled", obj.n_cancelled),
            ),
        )
        lines += [text % {"count": count} for count, text in others if count]
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description=_("tools"))
    def tools(self, obj):
        registrations = (
            reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        )
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>'
            ' · <a href="{}">{}</a>',
            registrations,
            _("registrations"),
            reverse("admin:events_event_checkin", args=[obj.pk]),
            _("check-in"),
            reverse("admin:events_event_sheet", args=[obj.pk]),
            _("attendance sheet"),
            reverse("admin:events_event_csv", args=[obj.pk]),
            _("CSV"),
            reverse("admin:events_event_message", args=[obj.pk]),
            # Translators: a link in the event list's tools: write to the registrants.
            _("message"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_message": request.user.has_perm("events.add_eventmessage"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or obj.status == Event.Status.DRAFT:
            return
        event_id = obj.pk
        if "capacity" in form.changed_data:
            transaction.on_commit(lambda: services.event_promote_waitlist(event_id=event_id))
        if any(field in form.changed_data for field in NOTIFY_ON_CHANGE):
            transaction.on_commit(lambda: services.event_notify_change(event_id=event_id))

    # --- organiser tools: check-in, attendance sheet, CSV -------------------
    def get_urls(self):
        tool = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/check-in/", tool(self.checkin_view), name="events_event_checkin"
            ),
            path(
                "<path:object_id>/attendance-sheet/",
                tool(self.sheet_view),
                name="events_event_sheet",
            ),
            path(
                "<path:object_id>/registrations.csv", tool(self.csv_view), name="events_event_csv"
            ),
            path("<path:object_id>/message/", tool(self.message_view), name="events_event_message"),
            *super().get_urls(),
        ]

    def _event_or_404(self, request, object_id):
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        return event

    def checkin_view(self, request, object_id):
        event = self._event_or_404(request, object_id)
        query = request.GET.get("q", "").strip()
        if request.method == "POST":
            return self._checkin_post(request, event, query)
        # The person just checked in, named at the top with a button to take it back.
        done = request.GET.get("done", "")
        done = (
            event.registrations.filter(pk=done, checked_in_at__isnull=False).first()
            if done.isdigit()
            else None
        )
        registrations = event.registrations.filter(status=Registration.Status.CONFIRMED)
        if query:
            registrations = registrations.filter(
                Q(name__icontains=query)
                | Q(organisation__icontains=query)
                | Q(email__icontains=query)
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": _("Check-in"),
            "registrations": registrations.order_by("name"),
            "query": query,
            "done": done,
            "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
        }
        return TemplateResponse(request, "admin/events/checkin.html", context)

    def _checkin_post(self, request, event, query):
        """Check one person in (or several), or undo a check-in; only this event's."""
        if not self.has_change_permission(request, event):
            raise Http404
        params = {"q": query} if query else {}

        def posted_ids(name):  # a number each; anything else is ignored, not a 500
            return [value for value in request.POST.getlist(name) if value.isdigit()]

        if undo := posted_ids("undo"):
            registrations = event.registrations.filter(pk__in=undo)
            names = [r.name for r in registrations.filter(checked_in_at__isnull=False)]
            services.registrations_check_in_undo(registration_ids=registrations.values("pk"))
            for name in names:
                messages.success(request, _("Check-in of %(name)s undone.") % {"name": name})
        else:
            registrations = event.registrations.filter(pk__in=posted_ids("registration"))
            services.registrations_check_in(registration_ids=registrations.values("pk"))
            if len(ids := [r.pk for r in registrations]) == 1:
                params["done"] = ids[0]
        return redirect(f"{request.path}?{urlencode(params)}" if params else request.path)

    def sheet_view(self, request, object_id):
        event = self._event_or_404(request, object_id)
        start, end = event.local_start.date(), event.local_end.date()
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        try:
            day = datetime.date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            day = days[0]
        context = {
            "event": event,
            "day": day,
            "days": days,
            "registrations": event.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).order_by("name"),
            "printed_at": timezone.now(),
        }
        return TemplateResponse(request, "admin/events/attendance_sheet.html", context)

    def csv_view(self, request, object_id):
        event = self._event_or_404(request, object_id)
        return registrations_csv(event.registrations.all(), f"{event.slug}-registrations.csv")

    def message_view(self, request, object_id):
        """Write to the registrants: the form, a preview, then "send" (the previewed
        message only, once). Counts of people, never their addresses."""
        event = self._event_or_404(request, object_id)
        if not (
            self.has_change_permission(request, event)
            and request.user.has_perm("events.add_eventmessage")
        ):
            raise PermissionDenied
        now = timezone.now()
        counts = group_counts(event)
        preview = recipients = notice = None
        status = 200
        if request.method == "POST":
            form = EventMessageForm(request.POST, counts=counts)
            if form.is_valid():
                recipients = EventMessage.recipients_of(event, form.cleaned_data["groups"]).count()
                if not recipients:
                    form.add_error("groups", _("Nobody is in the chosen groups."))
                elif (
                    services.messages_sent_today(event.pk, now) >= settings.EVENTS_MESSAGES_PER_DAY
                ):
                    form.add_error(None, MESSAGE_ERRORS["too_many"])
            if form.is_valid():
                digest = form.digest()
                send_key = form.cleaned_data["send_key"]
                if "send" in request.POST and send_key and form.cleaned_data["previewed"] == digest:
                    try:
                        result = services.event_message_send(
                            event_id=event.pk,
                            author=request.user,
                            groups=form.cleaned_data["groups"],
                            texts=form.texts(),
                            send_key=send_key[:64],
                        )
                    except services.RegistrationError as error:
                        form.add_error(None, MESSAGE_ERRORS.get(error.code, MESSAGE_ERRORS["busy"]))
                        status = 503 if error.code == "busy" else 409
                    else:
                        self.message_user(request, sent_message(result), messages.SUCCESS)
                        return redirect(request.path)
                elif "send" in request.POST:
                    notice = _(
                        "The message changed after its preview. Check the preview below "
                        "and send it again."
                    )
                if form.is_valid():
                    preview = preview_message(
                        event, form.texts(), form.cleaned_data["preview_language"] or "en"
                    )
                    # The page shown again carries what it previewed, and a key that
                    # makes "send" count once.
                    form.data = form.data.copy()
                    form.data["previewed"] = digest
                    form.data["send_key"] = send_key or secrets.token_urlsafe(24)
            if form.errors and status == 200:
                status = 400
        else:
            form = EventMessageForm(counts=counts)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": _("Message to registrants"),
            "form": form,
            "counts": [(label, counts[value]) for value, label in EventMessage.Group.choices],
            "preview": preview,
            "preview_language": form.cleaned_data.get("preview_language") if preview else None,
            "recipients": recipients,
            "notice": notice,
            "limit": settings.EVENTS_MESSAGES_PER_DAY,
            "sent_today": services.messages_sent_today(event.pk, now),
            "sent": event.messages.select_related("author").order_by("-created_at", "-pk")[:20],
        }
        return TemplateResponse(request, "admin/events/message.html", context, status=status)


MESSAGE_ERRORS = {
    "too_many": _(
        "This event's registrants already received the most messages allowed in 24 hours. "
        "Please send it later, or add it to the next message."
    ),
    "no_recipients": _("Nobody is in the chosen groups."),
    "busy": _("Many people are registering for this event right now. Please send it again."),
}


def group_counts(event) -> dict[str, int]:
    """How many people each group reaches: one query."""
    return (
        event.registrations.filter(anonymised_at__isnull=True)
        .exclude(email="")
        .aggregate(
            **{
                group: Count("pk", filter=EventMessage.group_filter(group))
                for group in EventMessage.Group.values
            }
        )
    )


def sent_message(result) -> str:
    count = result.message.recipients
    if not result.sent_now:
        return gettext("This message was already sent; it was not sent again.")
    return ngettext(
        "The message is on its way to %(count)s person.",
        "The message is on its way to %(count)s people.",
        count,
    ) % {"count": count}


def registrations_csv(registrations, filename):
    """The organisers' list: the columns the privacy inventory says the host receives."""
    fields = privacy.exported_fields()
    registrations = registrations.select_related("event").order_by("event__start", "name")
    return csv_response(
        filename,
        fields,
        (
            [
                registration.event.title if field == "event" else getattr(registration, field)
                for field in fields
            ]
            for registration in registrations
        ),
    )


def _date_and_time(moment):
    """A date above its time, so that a table column may be narrow."""
    if moment is None:
        return None  # the admin's sign for "empty"
    moment = timezone.localtime(moment)
    return format_html(
        "{}<br>{}",
        formats.date_format(moment, "DATE_FORMAT"),
        formats.time_format(moment, "TIME_FORMAT"),
    )


@admin.register(Registration)
class RegistrationAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    partner_lookup = "event__host"
    # Country and type under the organisation, dates on two lines, titles that wrap: the
    # table fits a 1280 px screen with the sidebars (the filters keep every column's use).
    list_display = (
        "name",
        "organisation_details",
        "event_title",
        "status",
        "registered",
        "attended",
    )
    list_filter = (
        "status",
        "participant_role",
        "organisation_type",
        ("checked_in_at", admin.EmptyFieldListFilter),
        "event",
    )
    list_select_related = ("event",)
    search_fields = ("name", "email", "organisation")
    readonly_fields = (
        "event",
        "status",
        "created_at",
        "expires_at",
        "email_confirmed_at",
        "confirmed_at",
        "waitlisted_at",
        "cancelled_at",
        "checked_in_at",
        "anonymised_at",
    )
    actions = ["mark_attended", "mark_partner_staff", "cancel_registrations", "export_csv"]

    class Media:
        css = {"all": ["css/admin-events.css"]}

    def has_add_permission(self, request):
        # Registrations come through the public form and its service (capacity, emails).
        return False

    @admin.display(description=_("organisation"), ordering="organisation")
    def organisation_details(self, obj):
        details = [obj.country.name, obj.get_organisation_type_display()]
        return format_html(
            '{}<br><span class="quiet">{}</span>',
            obj.organisation,
            " · ".join(str(detail) for detail in details if detail),
        )

    @admin.display(description=_("event"), ordering="event__start")
    def event_title(self, obj):
        return obj.event.title

    @admin.display(description=_("registered at"), ordering="created_at")
    def registered(self, obj):
        return _date_and_time(obj.created_at)

    @admin.display(description=_("attended"), ordering="checked_in_at")
    def attended(self, obj):
        return _date_and_time(obj.checked_in_at)

    # Deleting goes through the same service as the person's own erasure: under the
    # event's lock, the freed seat goes to the waiting list, and the audit trail
    # records the deletion with the editor's name (never the registrant's).
    def delete_model(self, request, obj):
        services.registration_erase(registration_id=obj.pk, in_admin=True)

    def delete_queryset(self, request, queryset):
        for pk in queryset.order_by("event_id", "pk").values_list("pk", flat=True):
            services.registration_erase(registration_id=pk, in_admin=True)

    # An event locked for longer than the lock timeout (a registration storm) is a
    # "try again" message on the page the editor came from, never a 500.
    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.RegistrationError as error:
            return self._busy(request, error)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except services.RegistrationError as error:
            return self._busy(request, error)

    def _busy(self, request, error):
        if error.code != "busy":
            raise error
        self.message_user(
            request,
            gettext(
                "Many people are registering for this event right now. What is still "
                "in the list was not deleted: please try again in a moment."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Cancel selected registrations (tells them by email)"))
    def cancel_registrations(self, request, queryset):
        cancelled = 0
        active = queryset.filter(status__in=services.ACTIVE).order_by("event_id", "pk")
        for pk in active.values_list("pk", flat=True):
            try:
                services.registration_cancel(registration_id=pk, by_organiser=True)
            except services.RegistrationError as error:
                if error.code == "busy":
                    self.message_user(request, services_busy_message(), messages.WARNING)
                    break
                continue  # erased meanwhile: nothing to cancel
            else:
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s registration cancelled; its seat went to the waiting list.",
                "%(count)s registrations cancelled; their seats went to the waiting list.",
                cancelled,
            )
            % {"count": cancelled},
        )

    @admin.action(description=_("Mark selected as attended"))
    def mark_attended(self, request, queryset):
        changed = services.registrations_check_in(registration_ids=queryset.values("pk"))
        self.message_user(request, _("%(count)s marked as attended.") % {"count": changed})

    @admin.action(description=_("Mark selected as partner staff"))
    def mark_partner_staff(self, request, queryset):
        changed = queryset.update(participant_role="partner_staff")
        content_changed(SEATS)  # the results page counts partner staff apart
        self.message_user(request, _("%(count)s marked as partner staff.") % {"count": changed})

    @admin.action(description=_("Export selected as CSV"))
    def export_csv(self, request, queryset):
        return registrations_csv(queryset, "registrations.csv")


def services_busy_message():
    return gettext(
        "Many people are registering for this event right now. The rest was not "
        "cancelled: please try again in a moment."
    )


class OutboxKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return outbox.kinds()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutboxEmail)
class OutboxEmailAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    """The site's outbox. Partner staff see the emails of their events' registrations;
    lead-partner staff see every email (also those of other apps)."""

    partner_lookup = "registration__event__host"
    list_display = (
        "kind_label",
        "to",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", OutboxKindFilter)
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, email):
        return email.get_kind_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EventMessage)
class EventMessageAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    """The organisers' messages, as they were sent: read only. Written from the event's
    page (its "message" tool), which sends them."""

    partner_lookup = "event__host"
    list_display = ("subject", "event", "created_at", "author", "group_list", "recipients")
    list_filter = ("event",)
    list_select_related = ("event", "author")
    date_hierarchy = "created_at"
    fields = (
        "event",
        "created_at",
        "author",
        "group_list",
        "recipients",
        *(f"{field}_{code}" for code, _name in settings.LANGUAGES for field in ("subject", "body")),
    )
    readonly_fields = fields

    @admin.display(description=_("groups"))
    def group_list(self, obj):
        return ", ".join(obj.group_labels)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
