"""The portal's URLs plus ``/bare/``: the ceiling the page benchmark compares with.

The bare view goes through the same middleware (sessions, locale, CSRF, CSP, security
headers) and the same gunicorn, but runs no query and renders no template.
"""

from django.http import HttpResponse
from django.urls import path

from next2met.urls import handler500  # noqa: F401
from next2met.urls import urlpatterns as portal_urlpatterns

BODY = b"<!doctype html><html lang=en><title>bare</title><p>Bare Django.</p></html>"


def bare(request):
    return HttpResponse(BODY)


urlpatterns = [path("bare/", bare), *portal_urlpatterns]
