import csv
import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from next2met.admin_scoping import (
    PartnerScopedAdminMixin,
    PartnerScopedInlineMixin,
    translated_fields,
)
from next2met.exports import csv_safe
from next2met.pagecache import content_changed

from . import services
from .models import Event, Material, Notification, Registration, Session

# Changes that make calendars and participants need the news.
NOTIFY_ON_CHANGE = ("start", "end", "venue_en", "city_en", "online_url", "status")


class SessionInline(PartnerScopedInlineMixin, TranslationStackedInline):
    model = Session
    extra = 0
    fields = (("start", "end"), "title", ("kind", "audience"), "room", "speakers", "description")


class MaterialInline(PartnerScopedInlineMixin, TranslationTabularInline):
    model = Material
    extra = 0
    fields = ("title", "kind", "session", "file", "url", "visibility", "is_published", "order")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the sessions of the event being edited.
        if db_field.name == "session":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(event_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _count(status):
    return Count("registrations", filter=Q(registrations__status=status))


@admin.register(Event)
class EventAdmin(PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "host"
    # The organiser tools come second and the counts share one column, so the tools are on
    # screen without scrolling sideways on a 1280 px screen.
    list_display = (
        "title",
        "tools",
        "start",
        "kind",
        "host",
        "status",
        "capacity",
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
                    ("start", "end"),
                    "timezone",
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_confirmed=_count(Registration.Status.CONFIRMED),
                n_pending=_count(Registration.Status.PENDING),
                n_waitlisted=_count(Registration.Status.WAITLISTED),
                n_cancelled=_count(Registration.Status.CANCELLED),
            )
        )

    # Translators: heading of the event list's column of registration counts, "3 / 0 / 1 / 2"
    @admin.display(description=_("confirmed / pending / waiting list / cancelled"))
    def registration_counts(self, obj):
        return f"{obj.n_confirmed} / {obj.n_pending} / {obj.n_waitlisted} / {obj.n_cancelled}"

    @admin.display(description=_("tools"))
    def tools(self, obj):
        registrations = (
            reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        )
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            registrations,
            _("registrations"),
            reverse("admin:events_event_checkin", args=[obj.pk]),
            _("check-in"),
            reverse("admin:events_event_sheet", args=[obj.pk]),
            _("attendance sheet"),
            reverse("admin:events_event_csv", args=[obj.pk]),
            _("CSV"),
        )

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
            *super().get_urls(),
        ]

    def _event_or_404(self, request, object_id):
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        return event

    def checkin_view(self, request, object_id):
        event = self._event_or_404(request, object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, event):
                raise Http404
            ids = request.POST.getlist("registration")
            changed = services.registrations_check_in(
                registration_ids=event.registrations.filter(pk__in=ids).values("pk")
            )
            messages.success(request, _("%(count)s checked in.") % {"count": changed})
            return redirect(request.get_full_path())
        query = request.GET.get("q", "").strip()
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
            "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
        }
        return TemplateResponse(request, "admin/events/checkin.html", context)

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


CSV_FIELDS = [
    "name",
    "email",
    "organisation",
    "organisation_type",
    "country",
    "language",
    "status",
    "created_at",
    "confirmed_at",
    "checked_in_at",
    "access_needs",
]


def registrations_csv(registrations, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(["event", *CSV_FIELDS])
    for registration in registrations.select_related("event").order_by("event__start", "name"):
        writer.writerow(
            [csv_safe(registration.event.title)]
            + [csv_safe(getattr(registration, field)) for field in CSV_FIELDS]
        )
    return response


@admin.register(Registration)
class RegistrationAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    partner_lookup = "event__host"
    list_display = (
        "name",
        "organisation",
        "organisation_type",
        "country",
        "event",
        "status",
        "created_at",
        "checked_in_at",
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
    actions = ["mark_attended", "mark_partner_staff", "export_csv"]

    def has_add_permission(self, request):
        # Registrations come through the public form and its service (capacity, emails).
        return False

    @admin.action(description=_("Mark selected as attended"))
    def mark_attended(self, request, queryset):
        changed = services.registrations_check_in(registration_ids=queryset.values("pk"))
        self.message_user(request, _("%(count)s marked as attended.") % {"count": changed})

    @admin.action(description=_("Mark selected as partner staff"))
    def mark_partner_staff(self, request, queryset):
        changed = queryset.update(participant_role="partner_staff")
        content_changed()  # the results page counts partner staff apart
        self.message_user(request, _("%(count)s marked as partner staff.") % {"count": changed})

    @admin.action(description=_("Export selected as CSV"))
    def export_csv(self, request, queryset):
        return registrations_csv(queryset, "registrations.csv")


@admin.register(Notification)
class NotificationAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    partner_lookup = "registration__event__host"
    list_display = (
        "kind",
        "registration",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "kind")
    list_select_related = ("registration",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
