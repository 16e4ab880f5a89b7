"""Whole-page caching of the public pages, correct in every language and never stale.

A page is cached for ``PAGE_CACHE_SECONDS`` under the content version (the newest
``ContentChange`` id) and its full address (scheme, host, language prefix, query).
Any save or delete
of a partner, event, good-practice or reporting row adds a ``ContentChange`` in the
same transaction, so the next request after an editor saves misses the cache and
renders afresh, on every app server. Writes that bypass the model signals (bulk
``update()``) call :func:`content_changed` themselves. Time-driven changes (an event
becoming past, a registration window closing) show within ``PAGE_CACHE_SECONDS``.

Per-request values are punched out before storing and filled in on every response:
the CSRF token and, where a view says so, hidden fields such as the registration
form's time trap. Pages without such holes carry an ETag made from their content
and answer ``If-None-Match`` from the cache with 304.

Only anonymous GET and HEAD requests are cached: a request that carries a session
cookie (staff, who may be previewing) always gets a fresh page.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

# The apps whose rows the public pages show.
WATCHED_APPS = {"partners", "events", "goodpractices", "reporting"}
# Rows no public page shows: writing them must not empty the cache.
IGNORED_MODELS = {"events.notification"}
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


def _cacheable(request, params) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return False
    # Unknown parameters would only fill the cache with copies of the same page.
    return not request.GET or (params is not None and set(request.GET) <= params)


def _key(request) -> str:
    address = "|".join(
        [request.scheme, request.get_host(), get_language() or "", request.get_full_path()]
    )
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def cached_page(view=None, *, params: set[str] | None = None, holes: dict | None = None):
    """Cache a public view's 200 responses; see the module docstring.

    ``params``: the query parameters the page understands (others are not cached).
    ``holes``: hidden input name → function of the request giving its fresh value.
    """
    fillers = {CSRF_HOLE: get_token, **(holes or {})}
    patterns = {name: _hole_pattern(name) for name in fillers}

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, params):
                return view(request, *args, **kwargs)
            # No time in the key: each process's copy expires on its own clock, so
            # the app servers' workers do not all render a page again at one instant.
            key = f"page:{content_version()}:{_key(request)}"
            cache = caches["pages"]
            entry = cache.get(key)
            if entry is None:
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
                # What the view set (type, disposition, robots); middleware adds the rest.
                headers = dict(response.headers.items())
                # A page with per-visitor holes is never answered with 304: its tokens
                # could be another session's.
                etag = None if found else quote_etag(hashlib.sha256(content).hexdigest()[:24])
                entry = (content, headers, found, etag)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            content, headers, found, etag = entry
            if etag and etag in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                patch_cache_control(response, no_cache=True)
                return response
            for name in found:
                value = fillers[name](request).encode()
                content = content.replace(_marker(name), value)
            response = HttpResponse(content, headers=headers)
            if found:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                response["ETag"] = etag
                patch_cache_control(response, no_cache=True)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
