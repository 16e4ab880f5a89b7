from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from partners.models import Partner, Project


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
def server_error(request):
    # No context processors and no database: the page must render when things are broken.
    html = loader.get_template("500.html").render()
    return HttpResponse(html, status=500)


def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def csrf_failure(request, reason=""):
    """A rejected form post (no or an old CSRF token), explained in the page language.

    Django's own page is English and technical; the usual cause for a visitor is a form
    left open for a long time or cookies switched off.
    """
    return render(request, "403_csrf.html", status=403)
