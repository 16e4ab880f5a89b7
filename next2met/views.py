import datetime

from django import forms
from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from core.context_processors import PageLanguages
from core.pagecache import WITHOUT_SEATS, cached_page, cached_value, keep_page_until
from events import privacy
from events.models import Event
from events.services import free_seats
from goodpractices.models import GoodPractice
from news.models import NewsPost
from partners.maps import partner_map_html
from partners.models import ContactPerson, Partner, Project
from reporting.figures import headline_figures

from . import legal, site_search

LATEST_NEWS = 3


LATEST_PRACTICES = 3
# Events looked at for the next one open with seats left (usually the first is).
NEXT_EVENT_CANDIDATES = 5
# Below this many free seats, the next event may fill up before a long-kept home would
# notice: the home is then kept at most this long.
FEW_SEATS = 25
HOME_SEATS_SECONDS = 60


def _next_open_event(request, now):
    """The soonest event whose registration is open and not full. The home shows no
    count of seats, so a registration leaves it alone (it would empty it in eight
    languages). While the choice could change with a registration or a cancellation
    (the event has few seats left, or one before it is full), the cached home is kept
    no longer than ``HOME_SEATS_SECONDS``."""
    candidates = (
        Event.objects.public()
        .upcoming(now)
        .filter(status=Event.Status.PUBLISHED, registration_enabled=True)
        .select_related("host")
        .order_by("start", "pk")[:NEXT_EVENT_CANDIDATES]
    )
    full_before = False
    for event in candidates:
        if event.registration_state(now) != "open":
            continue
        free = free_seats(event, now)
        if free == 0:
            full_before = True
            continue
        if full_before or (free is not None and free <= FEW_SEATS):
            keep_page_until(request, now + datetime.timedelta(seconds=HOME_SEATS_SECONDS))
        return event
    if full_before:
        keep_page_until(request, now + datetime.timedelta(seconds=HOME_SEATS_SECONDS))
    return None


# No seats on the home: a registration leaves it alone (see _next_open_event).
@cached_page(scopes=WITHOUT_SEATS)
def home(request):
    # The project with its phases, lines of action and links: four queries, kept per
    # version of the partners' content, as the figures below are per their scopes'.
    project = cached_value(
        request,
        "home-project",
        ("partners",),
        "",
        lambda: Project.objects.prefetch_related("phases", "lines_of_action", "links").first(),
    )
    today = timezone.localdate()
    news = list(NewsPost.objects.published().newest_first().for_cards()[:LATEST_NEWS])
    practices = (
        GoodPractice.objects.published()
        .for_cards()
        .prefetch_related("themes")
        .order_by("-published_at", "-pk")[:LATEST_PRACTICES]
    )
    # Four counts over the records (or the last report's figures): kept per version.
    results, reported_period = cached_value(
        request,
        "home-figures",
        ("goodpractices", "events", "partners", "reporting"),
        str(today),
        headline_figures,
    )
    return render(
        request,
        "next2met/home.html",
        {
            "project": project,
            "partner_map": partner_map_html(
                request,
                lambda: Partner.objects.current(today).exclude(role=Partner.Role.SERVICE),
                key=f"current-{today}",
            ),
            "latest_news": news,
            "next_event": _next_open_event(request, timezone.now()),
            "latest_practices": practices,
            "results": results,
            "reported_period": reported_period,
        },
    )


def _contact_context(*, revealed=None, error=""):
    """The contact page's data in three queries: the project with its links, the current
    partners (not the service provider), and their contact persons."""
    project = Project.objects.prefetch_related("links").first()
    partners = list(
        Partner.objects.current().exclude(role=Partner.Role.SERVICE).prefetch_related("contacts")
    )
    return {
        "project": project,
        "contact_partners": [p for p in partners if p.contacts.all()],
        "other_partners": [p for p in partners if not p.contacts.all()],
        "revealed": revealed,
        "error": error,
    }


@cached_page(scopes=("partners",))
def contact(request):
    """Who to write to: the project manager and the partners' contact persons as the
    sources name them, the partners' websites, and the project's social accounts.

    No address or number is in this page: a harvester reads the HTML, so each person's
    details come only as the answer to a form post (``contact_reveal``), which needs the
    CSRF cookie and token and is rate-limited. The answer is the same page with the
    details as plain text and ordinary ``mailto:``/``tel:`` links, so a screen reader
    reads the real address; no script, no scrambled text."""
    return render(request, "next2met/contact.html", _contact_context())


@require_http_methods(["GET", "POST"])
def contact_reveal(request, pk):
    if request.method == "GET":
        return redirect(reverse("contact") + f"#contact-{pk}")
    person = get_object_or_404(
        ContactPerson.objects.filter(partner__in=Partner.objects.current()), pk=pk
    )
    if is_ratelimited(
        request,
        group="contact.reveal",
        key="ip",
        rate=settings.CONTACT_REVEAL_RATE,
        method="POST",
        increment=True,
    ):
        error = _("Too many requests from your network. Please try again in an hour.")
        context = _contact_context(error=error)
        return render(request, "next2met/contact.html", context, status=429)
    response = render(request, "next2met/contact.html", _contact_context(revealed=person.pk))
    # The details stay out of shared caches and search engines.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /i18n/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@requires_csrf_token
@requires_csrf_token
def page_not_found(request, exception):
    """Django's 404 page, with a language switcher that leads somewhere in every language."""
    context = {"page_languages": PageLanguages(request, not_found=True)}
    return render(request, "404.html", context, status=404)


def server_error(request):
    # No context processors and no database: the page must render when things are broken.
    html = loader.get_template("500.html").render()
    return HttpResponse(html, status=500)


def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def privacy_notice(request):
    """What the portal does with registrations, built from the data inventory."""
    figures = privacy.retention_figures()
    items = [
        {
            "label": item.label,
            "why": item.why,
            "required": item.required,
            "bases": item.bases,
            "recipients": item.recipient_labels,
            "retention": item.retention_text(figures["days"]),
        }
        for item in [*privacy.INVENTORY, privacy.EMAILS_ITEM]
    ]
    context = {
        "items": items,
        "purposes": [(p.text, privacy.LAWFUL_BASES[p.basis]) for p in privacy.PURPOSES],
        "figures": figures,
        "contact": settings.PORTAL_PRIVACY_CONTACT,
        "notice_version": privacy.NOTICE_VERSION,
        "ombudsman_url": legal.localised_url(legal.OMBUDSMAN_URLS, get_language()),
        "cookies": {
            "csrf": settings.CSRF_COOKIE_NAME,
            "session": settings.SESSION_COOKIE_NAME,
            "language": settings.LANGUAGE_COOKIE_NAME,
        },
    }
    return render(request, "legal/privacy.html", context)


@require_GET
def accessibility_statement(request):
    """The accessibility statement in the form of the EU model (Decision 2018/1523)."""
    context = {
        "prepared": legal.PREPARED,
        "reviewed": legal.REVIEWED,
        "standard": legal.STANDARD,
        "guidelines": legal.GUIDELINES,
        "contact": settings.PORTAL_ACCESSIBILITY_CONTACT,
        "answer_days": legal.FEEDBACK_ANSWER_DAYS,
        "traficom_url": legal.localised_url(legal.TRAFICOM_URLS, get_language()),
        "traficom_email": legal.TRAFICOM_EMAIL,
        "site_url": settings.PORTAL_BASE_URL,
    }
    return render(request, "legal/accessibility.html", context)


def csrf_failure(request, reason=""):
    """A rejected form post (no or an old CSRF token), explained in the page language.

    Django's own page is English and technical; the usual cause for a visitor is a form
    left open for a long time or cookies switched off.
    """
    return render(request, "403_csrf.html", status=403)


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_lazy("Search the site"),
        max_length=site_search.MAX_QUERY,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )


@require_GET
@cached_page(params={"q"}, scopes=WITHOUT_SEATS)
def search(request):
    """Practices, events and partners that match the reader's words, grouped by kind."""
    form = SiteSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    groups = site_search.site_search(query) if query else []
    return render(
        request,
        "next2met/search.html",
        {
            "form": form,
            "query": query,
            "groups": [group for group in groups if group.total],
            "searched": bool(query),
        },
    )
