from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from core.context_processors import PageLanguages
from core.pagecache import cached_page
from events import privacy
from partners.models import Partner, Project

from . import legal


@cached_page
def home(request):
    project = Project.objects.prefetch_related("phases", "lines_of_action", "links").first()
    partners = list(Partner.objects.current().exclude(role=Partner.Role.SERVICE))
    return render(request, "next2met/home.html", {"project": project, "partners": partners})


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
