"""Whole-page caching of the public pages, correct in every language and never stale.

A page is cached for ``PAGE_CACHE_SECONDS`` under its full address (scheme, host,
language prefix, query) and the release (``PORTAL_RELEASE`` or a hash of the code, see
core/release.py: a deploy never serves pages of the old templates), with the content
version it was rendered from (the newest ``ContentChange`` id); it is served only while
that is still the version. Any save or delete of a partner, event, good-practice or
reporting row adds a ``ContentChange`` in the same transaction, so the next request
after an editor saves misses the cache and renders afresh, on every app server. Writes
that bypass the model signals (bulk ``update()``) call :func:`content_changed`
themselves. Time-driven changes (an event becoming past, a registration window closing)
show within ``PAGE_CACHE_SECONDS``.

Per-request values are punched out before storing and filled in on every response:
the CSRF token and, where a view says so, hidden fields such as the registration
form's time trap. Pages without such holes carry an ETag made from their content
and answer ``If-None-Match`` from the cache with 304.

Only anonymous GET and HEAD requests are cached: a request that carries a session
cookie (staff, who may be previewing) always gets a fresh page. ``PageCacheMiddleware``
answers a cached page without holes early in the middleware chain.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from .release import code_release

# The apps whose rows the public pages show.
WATCHED_APPS = {"partners", "events", "goodpractices", "reporting"}
# Rows no public page shows: writing them must not empty the cache.
IGNORED_MODELS = {"core.outboxemail"}
MAX_QUERY_LENGTH = 512

CSRF_HOLE = "csrfmiddlewaretoken"


def content_version() -> int:
    """The newest change's id: one index lookup, on every cached page, so in plain SQL
    (the ORM's aggregate() costs twice the query itself to build)."""
    from .models import ContentChange

    table = connection.ops.quote_name(ContentChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - our own table name
        return cursor.fetchone()[0] or 0


def content_changed() -> None:
    """Record that what the public pages show has changed (part of the caller's transaction)."""
    from .models import ContentChange

    ContentChange.objects.create()


def prune_content_changes() -> int:
    """Delete the change rows older than the newest one (which is the version)."""
    from .models import ContentChange

    newest = content_version()
    return ContentChange.objects.filter(pk__lt=newest).delete()[0]


def _watched(model) -> bool:
    meta = model._meta
    # Historical models of migrations live in "__fake__"; their tables may not exist yet.
    return (
        meta.app_label in WATCHED_APPS
        and meta.label_lower not in IGNORED_MODELS
        and model.__module__ != "__fake__"
    )


def _on_write(sender, raw=False, **kwargs):
    if not raw and _watched(sender):
        content_changed()


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _watched(type(instance)):
        content_changed()


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="pagecache.post_save")
    post_delete.connect(_on_write, dispatch_uid="pagecache.post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache.m2m_changed")


def _hole_pattern(name: str) -> re.Pattern:
    return re.compile(rb'(name="' + re.escape(name.encode()) + rb'" value=")[^"]*(")')


def _marker(name: str) -> bytes:
    # NUL never occurs in our HTML (text fields reject control characters).
    return b"\0hole:" + name.encode() + b"\0"


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


@cache
def _code_release() -> str:
    return code_release(Path(settings.BASE_DIR))


def release() -> str:
    """The release id in the key: a page rendered by other templates is never found."""
    return settings.PORTAL_RELEASE or _code_release()


def _key(request) -> str:
    # The path carries the language prefix; the host, the absolute links' origin.
    address = "|".join([release(), request.scheme, request.get_host(), request.get_full_path()])
    return "page:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _version(request) -> int:
    if not hasattr(request, "content_version"):
        request.content_version = content_version()  # once per request
    return request.content_version


def _fresh(request, entry) -> bool:
    """An entry serves only the content version it was rendered from."""
    return entry is not None and entry.version == _version(request)


@dataclass(frozen=True)
class Entry:
    version: int  # the content version it was rendered from
    content: bytes  # with a marker where each hole's value goes
    headers: dict  # what the view set (type, disposition, robots) and the language
    holes: tuple[str, ...]
    etag: str | None  # pages with holes have none: their tokens are per visitor


def _respond(request, entry: Entry, fillers=None) -> HttpResponse:
    if entry.etag and entry.etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        response["ETag"] = entry.etag
        patch_cache_control(response, no_cache=True)
        return response
    content = entry.content
    for name in entry.holes:
        content = content.replace(_marker(name), fillers[name](request).encode())
    response = HttpResponse(content, headers=entry.headers)
    if entry.holes:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        response["ETag"] = entry.etag
        patch_cache_control(response, no_cache=True)
    return response


class PageCacheMiddleware:
    """Answers a request for a cached page without holes before the session,
    authentication, CSRF, two-factor, audit and messages middleware run: none of
    them has anything to do for an anonymous GET of a public page. A page with a
    form goes on to its view, whose decorator fills in the tokens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable(request):
            # No query unless this address was cached: other pages cost nothing here.
            entry = caches["pages"].get(_key(request))
            if entry is not None and not entry.holes and _fresh(request, entry):
                return _respond(request, entry)
        return self.get_response(request)


def cached_page(view=None, *, params: set[str] | None = None, holes: dict | None = None):
    """Cache a public view's 200 responses; see the module docstring.

    ``params``: the query parameters the page understands (others are not cached:
    they would only fill the cache with copies of the same page).
    ``holes``: hidden input name → function of the request giving its fresh value.
    """
    fillers = {CSRF_HOLE: get_token, **(holes or {})}
    patterns = {name: _hole_pattern(name) for name in fillers}

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request) or not set(request.GET) <= (params or set()):
                return view(request, *args, **kwargs)
            key = _key(request)
            cache = caches["pages"]
            entry = cache.get(key)
            if not _fresh(request, entry):
                version = _version(request)  # before rendering: an edit meanwhile wins
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()  # a TemplateResponse (the sitemap)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                content, found = response.content, []
                for name, pattern in patterns.items():
                    content, count = pattern.subn(
                        lambda match, name=name: match[1] + _marker(name) + match[2], content
                    )
                    if count:
                        found.append(name)
                headers = {"Content-Language": get_language(), **response.headers}
                etag = None if found else quote_etag(hashlib.sha256(content).hexdigest()[:24])
                entry = Entry(version, content, headers, tuple(found), etag)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            return _respond(request, entry, fillers)

        return wrapper

    return decorator(view) if view is not None else decorator
