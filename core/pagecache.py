"""Whole-page caching of the public pages, correct in every language and never stale.

A page is cached for ``PAGE_CACHE_SECONDS`` under its full address (scheme, host,
language prefix, query) and the release (``PORTAL_RELEASE`` or a hash of the code, see
core/release.py: a deploy never serves pages of the old templates), with the versions of
the *scopes* it shows (``cached_page(scopes=...)``); it is served only while those are
still the versions. A scope is a kind of content: ``partners``, ``events``,
``goodpractices``, ``reporting``, and ``seats`` for attendance. A registration empties
no page: the seats left on its event's page are counted for every response (a region,
below); a check-in empties the results; a practice edit leaves event pages alone.

Versions are counters in ``core.ContentVersion``, raised *after* the writer's
transaction commits (``transaction.on_commit``), in their own short autocommit UPDATE:
- commit order: a page rendered before a commit carries the version from before it and
  misses once the commit's bump lands, whatever order the writers' rows were inserted
  in. A page rendered between the commit and the bump carries the old version too, and
  misses one request later. (Ids of inserted change rows, the previous design, follow
  the order of inserts, not of commits: a page rendered between two commits could stay
  stale until expiry.)
- no queueing: the writer's transaction holds no lock on a shared row, so registrations
  on different events, editors and housekeeping never wait for each other.
- every app server reads the same versions from the database, Redis or not.
If a process dies between its commit and the bump, the pages of that scope stay as they
were until they expire (``PAGE_CACHE_SECONDS``): the one window this design leaves.

Any save or delete of a watched model bumps its scope through the model signals. Writes
that bypass them (bulk ``update()``) call :func:`content_changed` with their scopes.
Time-driven changes (an event becoming past, a registration window closing) need no
write: an app registers, for its scope, the next moment its pages change by the clock
(:func:`register_deadline`), and a page of that scope is kept no later than that. A view
may bring its own page's end nearer (:func:`keep_page_until`), and no page is kept past
the next local midnight (what counts "today"). So ``PAGE_CACHE_SECONDS`` (10 minutes by
default) bounds only what no version or deadline follows: a bump lost with its process,
and the home's choice of the next event with seats (which keeps itself a minute when
seats run short).

Per-request values are punched out before storing and filled in on every response:
the CSRF token and, where a view says so, hidden fields such as the registration
form's time trap, and regions such as the seats left (one count a response). Pages
without such holes carry an ETag made from their content and answer ``If-None-Match``
from the cache with 304.

Every response the cache handles says how in an ``X-Page-Cache`` header: ``hit`` when
answered from a stored page (by the middleware or the decorator, 304 included),
``miss`` when the page was rendered and stored. Responses the cache does not handle
(a session cookie, a query parameter the page does not know, an error, a POST) carry
none. It names no content; ``bench/mixed.py`` counts it for the hit rate.

Only anonymous GET and HEAD requests are cached: a request that carries a session
cookie (staff, who may be previewing) always gets a fresh page. ``PageCacheMiddleware``
answers a cached page without holes early in the middleware chain.
"""

import datetime
import hashlib
import math
import re
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .release import code_release

# The apps whose rows the public pages show; each app is a scope of its own.
WATCHED_APPS = {"partners", "events", "goodpractices", "reporting", "news"}
# Rows no public page shows: writing them must not empty the cache.
IGNORED_MODELS = {"core.outboxemail", "events.eventmessage"}
# Attendance: what checked-in registrations add up to on the results. A registration
# raises it only once checked in; the seats left, on an event's page, are a region
# filled for every response (``cached_page(regions=...)``), so no page keeps them.
SEATS = "seats"
# What a page shows when it does not say: everything.
ALL_SCOPES = ("partners", "events", SEATS, "goodpractices", "reporting", "news")
# Everything but attendance: no page but an event's own shows its seats.
WITHOUT_SEATS = tuple(scope for scope in ALL_SCOPES if scope != SEATS)
MAX_QUERY_LENGTH = 512

CSRF_HOLE = "csrfmiddlewaretoken"


def content_versions(scopes) -> tuple:
    """The versions of these scopes, in their order: one index lookup on every cached
    page, in plain SQL (the ORM's queryset costs more than the query itself to build)."""
    from .models import ContentVersion

    scopes = tuple(scopes)
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, version FROM {table} WHERE scope IN ({marks})",  # noqa: S608
            scopes,
        )
        found = dict(cursor.fetchall())
    return tuple(found.get(scope, 0) for scope in scopes)


def _bump(scopes) -> None:
    from .models import ContentVersion

    for scope in sorted(scopes):  # one order for every writer: no deadlock
        if ContentVersion.objects.filter(scope=scope).update(version=F("version") + 1):
            continue
        try:
            with transaction.atomic():
                ContentVersion.objects.create(scope=scope, version=1)
        except IntegrityError:  # another writer created it meanwhile
            ContentVersion.objects.filter(scope=scope).update(version=F("version") + 1)


def content_changed(*scopes: str) -> None:
    """Record that what the public pages show in these scopes (all, when none is named)
    has changed; the versions rise once the caller's transaction commits."""
    wanted = set(scopes or ALL_SCOPES)
    transaction.on_commit(lambda: _bump(wanted), robust=True)


def _scopes_of(instance) -> tuple[str, ...]:
    meta = instance._meta
    if meta.label_lower == "events.registration":
        # Attendance counts only checked-in registrations (their role, their event); the
        # seats left on an event's page are counted for every response (a region).
        return (SEATS,) if instance.checked_in_at else ()
    return (meta.app_label,)


def _watched(model) -> bool:
    meta = model._meta
    # Historical models of migrations live in "__fake__"; their tables may not exist yet.
    return (
        meta.app_label in WATCHED_APPS
        and meta.label_lower not in IGNORED_MODELS
        and model.__module__ != "__fake__"
    )


def _on_write(sender, instance=None, raw=False, **kwargs):
    # No scope (a registration not checked in): no page shows the row.
    if not raw and _watched(sender) and (scopes := _scopes_of(instance)):
        content_changed(*scopes)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _watched(type(instance)) and (scopes := _scopes_of(instance)):
        content_changed(*scopes)


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="pagecache.post_save")
    post_delete.connect(_on_write, dispatch_uid="pagecache.post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache.m2m_changed")


# scope -> function(now) giving the next moment that scope's pages change by the clock
# alone (None: never), read at most once per version of the scope.
_DEADLINES: dict = {}


def register_deadline(scope: str, deadline) -> None:
    """``deadline(now)``: the next moment after ``now`` at which a page showing
    ``scope`` changes without any write (an event starting, a registration window
    closing), or None."""
    _DEADLINES[scope] = deadline


def keep_page_until(request, moment) -> None:
    """The page being rendered must not be served from the cache after ``moment`` (a
    view that shows something the scopes do not follow, such as whether an event still
    has seats)."""
    until = request.__dict__.get("_page_until")
    if until is None or moment < until:
        request._page_until = moment


def _deadline(request, scope: str, now):
    """The next clock change of ``scope``, kept in the cache under the scope's version,
    so a page miss seldom pays its query."""
    version = _scope_versions(request, (scope,))
    address = "|".join([release(), "deadline", scope, str(version)])
    cache_key = "deadline:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache = caches["pages"]
    found = cache.get(cache_key)
    if found is not None and (found[0] is None or found[0] > now):
        return found[0]
    moment = _DEADLINES[scope](now)
    cache.set(cache_key, (moment,), settings.PAGE_CACHE_SECONDS or 60)
    return moment


def _next_midnight(now):
    """The next local midnight: what counts "today" (ongoing practices, the results to
    date) changes then."""
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now, zone).date()
    return datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(), zone)


def _lifetime(request, scopes, longest=None) -> int:
    """Seconds a page of these scopes may be kept: ``longest`` (``PAGE_CACHE_SECONDS``),
    or less when the clock changes what it shows sooner (a registered deadline, the
    view's own, the next local midnight)."""
    seconds = settings.PAGE_CACHE_SECONDS if longest is None else longest
    now = timezone.now()
    moments = [_next_midnight(now)]
    moments += [_deadline(request, scope, now) for scope in scopes if scope in _DEADLINES]
    moments.append(request.__dict__.get("_page_until"))
    for moment in moments:
        if moment is not None:
            seconds = min(seconds, math.ceil((moment - now).total_seconds()))
    return max(seconds, 1)


def _hole_pattern(name: str) -> re.Pattern:
    return re.compile(rb'(name="' + re.escape(name.encode()) + rb'" value=")[^"]*(")')


def _region_pattern(name: str) -> re.Pattern:
    start, end = (f"<!--{mark}:{name}-->".encode() for mark in ("hole", "/hole"))
    return re.compile(b"()" + re.escape(start) + b".*?" + re.escape(end) + b"()", re.DOTALL)


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


def _version(request, scopes) -> tuple:
    memo = request.__dict__.setdefault("_content_versions", {})
    if scopes not in memo:
        memo[scopes] = content_versions(scopes)  # once per request
    return memo[scopes]


def _fresh(request, entry) -> bool:
    """An entry serves only the versions of its scopes it was rendered from."""
    return entry is not None and entry.version == _version(request, entry.scopes)


@dataclass(frozen=True)
class Entry:
    scopes: tuple[str, ...]  # what the page shows
    version: tuple  # the versions of those scopes it was rendered from
    content: bytes  # with a marker where each hole's value goes
    headers: dict  # what the view set (type, disposition, robots) and the language
    holes: tuple[str, ...]
    etag: str | None  # pages with holes have none: their tokens are per visitor


CACHE_HEADER = "X-Page-Cache"


def _respond(request, entry: Entry, fillers=None, *, stored=False) -> HttpResponse:
    """The entry's page; ``stored``: it was rendered for this request (a miss)."""
    outcome = "miss" if stored else "hit"
    if entry.etag and entry.etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        response["ETag"] = entry.etag
        patch_cache_control(response, no_cache=True)
        response[CACHE_HEADER] = outcome
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
    response[CACHE_HEADER] = outcome
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


def _scope_versions(request, scopes: tuple[str, ...]) -> tuple:
    """The versions of ``scopes``, from those this request has read if it has (the
    page's own, read by ``cached_page``), else in one query."""
    known = {}
    for read, versions in request.__dict__.get("_content_versions", {}).items():
        known.update(zip(read, versions, strict=True))
    if all(scope in known for scope in scopes):
        return tuple(known[scope] for scope in scopes)
    return _version(request, scopes)


def cached_value(request, name: str, scopes: tuple[str, ...], key: str, compute):
    """What ``compute()`` gives, kept while the versions of ``scopes`` last: for a part
    several pages share, or a page rendered often, that costs more to compute than its
    versions to read (the partner map, the home's figures). ``key`` says what else it
    depends on (the rows it was given, a date); the language and the release are part of
    the key. The versions are the page's own when the page cache read them (no query),
    else one query. Used whether or not the page cache is on, it lasts as a page of
    those scopes would (``PAGE_CACHE_SECONDS``, a minute when 0; no later than their
    next change by the clock), the bound on a version bump lost with its process."""
    version = _scope_versions(request, tuple(scopes))
    address = "|".join([release(), get_language() or "", name, key])
    cache_key = "fragment:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache = caches["pages"]
    found = cache.get(cache_key)
    if found is not None and found[0] == version:
        return found[1]
    value = compute()
    longest = settings.PAGE_CACHE_SECONDS or 60
    cache.set(cache_key, (version, value), _lifetime(request, tuple(scopes), longest))
    return value


def cached_fragment(request, name: str, scopes: tuple[str, ...], key: str, render) -> str:
    """The HTML ``render()`` gives, kept as :func:`cached_value` keeps a value."""
    html = cached_value(request, name, scopes, key, lambda: str(render()))
    return mark_safe(html)  # noqa: S308 - stored as render() gave it


def attach_cards(request, objects, template: str, scopes: tuple[str, ...], *, name: str, extra=""):
    """Give each of ``objects`` its card, ``obj.card_html``: ``template`` rendered with
    the object as ``name``, once per language, release, version of ``scopes`` and
    ``extra`` (what else the card shows: today's date, for "ongoing" or "former"), and
    kept as a page would be. A list's cards are read in one call to the cache and the
    missing ones rendered and stored in one more: what a page renders afresh is only the
    cards it is the first to show. The page's template writes ``card_html`` where it
    has one and includes the card template where not. Returns the objects, as a list."""
    objects = list(objects)
    if not objects:
        return objects
    scopes = tuple(scopes)
    version = _scope_versions(request, scopes)
    prefix = "|".join([release(), get_language() or "", template, str(extra), repr(version)])
    keys = [
        "card:" + hashlib.sha256(f"{prefix}|{obj.pk}".encode()).hexdigest()[:32] for obj in objects
    ]
    cache = caches["pages"]
    found = cache.get_many(keys)
    rendered = {}
    for key, obj in zip(keys, objects, strict=True):
        html = found.get(key)
        if html is None:
            html = rendered[key] = str(render_to_string(template, {name: obj}))
        obj.card_html = mark_safe(html)  # noqa: S308 - stored as the template gave it
    if rendered:
        longest = settings.PAGE_CACHE_SECONDS or 60
        cache.set_many(rendered, _lifetime(request, scopes, longest))
    return objects


def cached_page(
    view=None,
    *,
    params: set[str] | None = None,
    holes: dict | None = None,
    regions: dict | None = None,
    scopes: tuple[str, ...] = ALL_SCOPES,
):
    """Cache a public view's 200 responses; see the module docstring.

    ``scopes``: the kinds of content the page shows; ``{slug}`` and the like are filled
    in from the view's keyword arguments (``seats:{slug}``).
    ``params``: the query parameters the page understands (others are not cached:
    they would only fill the cache with copies of the same page).
    ``holes``: hidden input name → function of the request giving its fresh value.
    ``regions``: name → function of the request giving the HTML of what the template
    writes between ``<!--hole:name-->`` and ``<!--/hole:name-->``, fresh on every
    response (a live figure, such as the seats left, that would otherwise empty the page
    each time it changes).
    """
    fillers = {CSRF_HOLE: get_token, **(holes or {}), **(regions or {})}
    patterns = {name: _hole_pattern(name) for name in (CSRF_HOLE, *(holes or {}))}
    patterns |= {name: _region_pattern(name) for name in regions or {}}

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request) or not set(request.GET) <= (params or set()):
                return view(request, *args, **kwargs)
            key = _key(request)
            cache = caches["pages"]
            entry = cache.get(key)
            stored = not _fresh(request, entry)
            if stored:
                page_scopes = tuple(scope.format(**kwargs) for scope in scopes)
                # Read before rendering: an edit committed meanwhile wins.
                version = _version(request, page_scopes)
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
                entry = Entry(page_scopes, version, content, headers, tuple(found), etag)
                cache.set(key, entry, _lifetime(request, page_scopes))
            return _respond(request, entry, fillers, stored=stored)

        return wrapper

    return decorator(view) if view is not None else decorator
