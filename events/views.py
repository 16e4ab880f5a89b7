from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from core import uploads
from core.pagecache import attach_cards, cached_page

from . import privacy, services
from .calendar import calendar_bytes, event_ics
from .emails import waitlist_position
from .forms import ALREADY_SENT, RegistrantDetailsForm, RegistrationForm, time_token
from .models import Event, Material, Registration
from .tokens import CONFIRM, MANAGE, LinkError, make_token, read_token

EVENTS_PAGE_SIZE = 20

ERROR_MESSAGES = {
    "closed": gettext_lazy("Registration for this event is closed."),
    "busy": gettext_lazy("Many people are registering right now. Please send the form again."),
    "deadline": gettext_lazy(
        "The cancellation deadline has passed. Please contact the organisers."
    ),
    "cancelled": gettext_lazy("This registration was cancelled. You can register again."),
    "superseded": gettext_lazy(
        "You registered again later; that newer registration is the one that counts."
    ),
}
# Answers other than 409 (a conflict with the registration's state).
ERROR_STATUS = {"busy": 503}
LINK_MESSAGES = {
    "expired": gettext_lazy(
        "This link has expired. Register again, or use the link in your latest email."
    ),
    "invalid": gettext_lazy(
        "This link is not valid (any more). It may be incomplete, or the registration was erased."
    ),
}


def public_events():
    return Event.objects.public().select_related("host")


EVENT_CARD = "events/includes/event_card.html"
# What the list and its cards show: events, and their hosts' names.
EVENT_LIST_SCOPES = ("events", "partners")


@require_GET
# The cards show no seats: a registration leaves the list alone.
@cached_page(params={"page", "upcoming"}, scopes=EVENT_LIST_SCOPES)
def event_list(request):
    """The upcoming events soonest first and the past ones newest first, each a page at a
    time (``?upcoming=`` and ``?page=``): what a page renders does not grow with the years."""
    now = timezone.now()
    soon = Paginator(public_events().upcoming(now), EVENTS_PAGE_SIZE)
    soon_page = soon.get_page(request.GET.get("upcoming"))
    past = Paginator(public_events().past(now).order_by("-start", "-pk"), EVENTS_PAGE_SIZE)
    page = past.get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": attach_cards(
                request, soon_page.object_list, EVENT_CARD, EVENT_LIST_SCOPES, name="event"
            ),
            "upcoming_page": soon_page,
            # Each pagination keeps the other's page.
            "upcoming_query": f"page={page.number}" if page.number > 1 else "",
            "past": attach_cards(
                request, page.object_list, EVENT_CARD, EVENT_LIST_SCOPES, name="event"
            ),
            "page_obj": page,
            "past_query": f"upcoming={soon_page.number}" if soon_page.number > 1 else "",
        },
    )


# The event page lists the newest posts about the event.
EVENT_NEWS = 5


def _event_with_agenda(slug):
    materials = (
        Material.objects.filter(is_published=True, visibility=Material.Visibility.PUBLIC)
        .select_related("session")
        .prefetch_related("photos")
    )
    event = get_object_or_404(
        public_events().prefetch_related(
            "sessions", Prefetch("materials", queryset=materials, to_attr="public_materials")
        ),
        slug=slug,
    )
    # A photo album shows as a grid of its photos; one without photos, or with a file or
    # a link of its own, stays in the list of materials too.
    event.albums = [
        m for m in event.public_materials if m.kind == Material.Kind.PHOTOS and m.photos.all()
    ]
    event.public_materials = [m for m in event.public_materials if m.href]
    return event


def _related_news(event):
    """The event's newest published posts, through the reverse relation and the news
    app's QuerySet methods (news sits above events: no import, its rule stays there)."""
    return list(event.news_posts.published().newest_first().for_cards()[:EVENT_NEWS])


@require_GET
def material_download(request, pk):
    """A published, public material's file, named after its title in the page's language."""
    material = get_object_or_404(
        Material.objects.filter(
            is_published=True, visibility=Material.Visibility.PUBLIC, event__in=public_events()
        ).exclude(file=""),
        pk=pk,
    )
    return uploads.download_response(material.file, title=material.title)


def _seats_left(request) -> str:
    """The registration form's "seats left", counted afresh for every response: a
    registration changes it and nothing else on the page, which stays cached."""
    now = timezone.now()
    event = get_object_or_404(
        Event.objects.public().only("pk", "capacity"), slug=request.resolver_match.kwargs["slug"]
    )
    return render_to_string(
        "events/includes/seats_left.html", {"free_seats": services.free_seats(event, now)}
    )


@require_GET
# The registration form's CSRF token and time trap, and the seats left, are fresh on
# every response: a registration leaves the cached page alone.
@cached_page(
    holes={"started": lambda request: time_token()},
    regions={"seats": _seats_left},
    scopes=("events", "partners", "news"),
)
def event_detail(request, slug):
    event = _event_with_agenda(slug)
    return render(request, "events/event_detail.html", _event_context(event))


def _event_context(event, form=None):
    now = timezone.now()
    state = event.registration_state(now)
    context = {
        "event": event,
        "registration_state": state,
        "form": form,
        "related_news": _related_news(event),
    }
    if state == "open":
        context["free_seats"] = services.free_seats(event, now)
        context["form"] = form or RegistrationForm(event=event)
    return context


@require_http_methods(["GET", "POST"])
def register(request, slug):
    if request.method == "GET":
        return redirect(reverse("events:detail", kwargs={"slug": slug}) + "#register")
    event = get_object_or_404(public_events(), slug=slug)
    form = RegistrationForm(request.POST, event=event)
    status = 200
    if is_ratelimited(
        request,
        group="events.register",
        key="ip",
        rate=settings.EVENTS_REGISTRATION_RATE,
        method="POST",
        increment=True,
    ):
        form.is_valid()
        form.add_error(
            None, _("Too many registrations from your network. Please try again in an hour.")
        )
        status = 429
    elif form.is_valid() and not form.use_time_token():
        # The same rendered form sent twice (a replay): the first one counted.
        form.renew_time_token()
        form.add_error(None, ALREADY_SENT)
        status = 400
    elif form.is_valid():
        try:
            result = services.registration_create(
                event_id=event.pk,
                data=form.registration_data(),
                language=form.cleaned_data["language"] or get_language(),
            )
        except services.RegistrationError as error:
            form.renew_time_token()  # nothing was registered: the form may be sent again
            form.add_error(None, ERROR_MESSAGES[error.code])
            status = 409 if error.code == "closed" else 503
        else:
            url = reverse("events:registered", kwargs={"slug": event.slug})
            return redirect(f"{url}?outcome={result.outcome}")
    else:
        status = 400
    # Shown again with the agenda, the errors and everything the person typed.
    event = _event_with_agenda(slug)
    form.event = event
    response = render(request, "events/event_detail.html", _event_context(event, form))
    response.status_code = status
    return response


@require_GET
def registered(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    outcome = request.GET.get("outcome")
    if outcome not in {"pending", "waitlisted", "already_registered"}:
        outcome = "pending"
    return render(
        request,
        "events/registration_done.html",
        {"event": event, "outcome": outcome, "confirm_hours": settings.EVENTS_CONFIRM_HOURS},
    )


def _link_error(request, code):
    return render(request, "events/link_error.html", {"message": LINK_MESSAGES[code]}, status=404)


def registration_link(purpose):
    """The view of a signed link: called with the registration the token names, or
    the link-error page (404) when the token is broken, expired or of another purpose."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, token):
            try:
                registration = read_token(token, purpose)
            except LinkError as error:
                response = _link_error(request, error.code)
            else:
                response = view(request, token, registration)
            # A personal page: search engines that reached it through a leak keep it out.
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorator


@never_cache  # personal data: no cache, no back-button copy
@require_http_methods(["GET", "POST"])
@registration_link(CONFIRM)
def confirm(request, token, registration):
    """GET shows a button; only the POST confirms (mail scanners follow links)."""
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_confirm(registration_id=registration.pk)
        except services.RegistrationError as problem:
            if problem.code == "gone":  # erased meanwhile
                return _link_error(request, "invalid")
            error, status = ERROR_MESSAGES[problem.code], ERROR_STATUS.get(problem.code, 409)
        else:
            return redirect(
                reverse("events:manage", kwargs={"token": make_token(registration, MANAGE)})
                + "?confirmed=1"
            )
    return render(
        request,
        "events/registration_confirm.html",
        {"registration": registration, "event": registration.event, "error": error},
        status=status if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@registration_link(MANAGE)
def manage(request, token, registration):
    """What we hold about one registration, and the buttons to cancel or erase it."""
    event = registration.event
    error = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            # Cancelling asks first: only the POST from the confirmation step cancels.
            if action == "cancel" and request.POST.get("confirm") == "yes":
                services.registration_cancel(registration_id=registration.pk)
                return redirect(request.path + "?cancelled=1")
            if action == "erase":
                # A second click finds it erased already: the same answer.
                services.registration_erase(registration_id=registration.pk)
                return render(request, "events/registration_erased.html", {"event": event})
        except services.RegistrationError as problem:
            if problem.code == "gone":  # erased by another request meanwhile
                return _link_error(request, "invalid")
            error, status = ERROR_MESSAGES[problem.code], ERROR_STATUS.get(problem.code, 409)
    context = {
        "registration": registration,
        "event": event,
        "error": error,
        "can_cancel": registration.status in services.ACTIVE and event.can_cancel(),
        "confirm_token": make_token(registration, CONFIRM),
        "manage_token": token,
        "just_confirmed": request.GET.get("confirmed") == "1",
        "just_cancelled": request.GET.get("cancelled") == "1",
        "just_updated": request.GET.get("updated") == "1",
        "can_update": registration.status in services.ACTIVE,
    }
    asks_to_cancel = request.GET.get("cancel") == "1" or (
        request.method == "POST" and request.POST.get("action") == "cancel"
    )
    if asks_to_cancel and context["can_cancel"] and not error:
        return render(request, "events/registration_cancel.html", context)
    if registration.status == Registration.Status.WAITLISTED:
        context["position"] = waitlist_position(registration)
    return render(request, "events/registration_manage.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@registration_link(MANAGE)
def manage_details(request, token, registration):
    """The person corrects their name, organisation, country, language or access needs
    (not the email address: it is who they are to us). Validated as the registration
    form is; shown again with the errors and what they typed."""
    event = registration.event
    if registration.status not in services.ACTIVE:
        return redirect("events:manage", token=token)
    form = RegistrantDetailsForm(
        request.POST if request.method == "POST" else None, instance=registration, event=event
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.registration_update_details(
                    registration_id=registration.pk, data=form.details()
                )
            except services.RegistrationError as problem:
                if problem.code == "gone":
                    return _link_error(request, "invalid")
                form.add_error(None, ERROR_MESSAGES[problem.code])
                status = ERROR_STATUS.get(problem.code, 409)
            else:
                return redirect(reverse("events:manage", kwargs={"token": token}) + "?updated=1")
        else:
            status = 400
    return render(
        request,
        "events/registration_details.html",
        {"registration": registration, "event": event, "form": form, "manage_token": token},
        status=status,
    )


@never_cache
@require_GET
@registration_link(MANAGE)
def my_data(request, token, registration):
    """Everything held about the person behind this link, on every event (Art. 15)."""
    registrations = privacy.person_registrations(registration)
    return render(
        request,
        "events/person_data.html",
        {
            "email": registration.email,
            "entries": [(r, privacy.registration_rows(r)) for r in registrations],
            "manage_token": token,
            "notice_version": privacy.NOTICE_VERSION,
        },
    )


@never_cache
@require_GET
@registration_link(MANAGE)
def my_data_json(request, token, registration):
    """The same data as a file to keep or take elsewhere (Arts. 15 and 20)."""
    data = privacy.person_export(privacy.person_registrations(registration))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="next2met-my-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@registration_link(MANAGE)
def my_data_erase(request, token, registration):
    """GET asks to confirm; only the POST erases everything, in one transaction.

    A second POST (a double click) finds nothing left and says so, as the first did.
    """
    error = None
    if request.method == "POST":
        try:
            erased = services.person_erase(registration_id=registration.pk)
        except services.RegistrationError as problem:
            error = ERROR_MESSAGES[problem.code]  # busy: the page asks to send again
        else:
            return render(request, "events/person_erased.html", {"erased": erased})
    registrations = privacy.person_registrations(registration)
    return render(
        request,
        "events/person_erase_confirm.html",
        {
            "email": registration.email,
            "registrations": registrations,
            "emails": sum(len(r.emails.all()) for r in registrations),
            "manage_token": token,
            "error": error,
        },
        status=ERROR_STATUS.get("busy") if error else 200,
    )


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@cached_page(scopes=("events", "partners"))
def event_calendar(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return _ics_response(event_ics(event), f"{event.slug}.ics")


@require_GET
@cached_page(scopes=("events", "partners"))
def calendar_feed(request):
    return _ics_response(calendar_bytes(public_events().order_by("start")), "next2met.ics")
