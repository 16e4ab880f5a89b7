"""A realistic mixed load on the public portal, through gunicorn as in production.

Issue 16: 2,000 distinct addresses of the bench database (pages in eight languages,
library filter combinations, searches for 300 terms of the field in eight languages),
drawn with Zipf's law (the address of rank r is asked in proportion to 1/r), and 2 % of
requests registrations on three open events, for 60 s; then the bare Django view under
the same load for the ratio. Prints requests per second and their share of bare, p50,
p95 and p99 latency, the page cache's hit rate, the statuses and socket errors, the
registrations sent and what became of them, and each event's seats held against its
capacity (overbooking must be 0); PASS or FAIL against the goal.

    .venv/bin/python bench/mixed.py [--duration 60] [--connections 16] [--workers N]

It reuses bench/pages.py's database (n2m_bench; loaded by ``make bench`` or by this
script when missing) and leaves it as it found it: the registrations it made are
deleted and the events' capacities restored at the end.
"""

import argparse
import atexit
import datetime
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages  # noqa: E402

HERE = Path(__file__).resolve().parent
WRK_SCRIPT = HERE / "mixed.lua"
TERMS_FILE = HERE / "search_terms.txt"
LANGUAGES = pages.LANGUAGES
SEED = 2026
URLS = 2000
ZIPF_EXPONENT = 1.0
REGISTRATION_SHARE = 0.02
OPEN_EVENTS = 3
# The registrations of this script, found again by their emails.
EMAIL_PREFIX = "mixed-"
# The first event keeps a small number of free seats: it fills up during the run, and
# the registrations after that go to its waiting list (where overbooking would show).
# The two others get room for every registration of the run.
SMALL_EVENT_FREE_SEATS = 10
LARGE_CAPACITY = 1_000_000
# Registrations prepared per second of the run: more than 2 % of the fastest rate the
# bare view reaches on loopback; a thread that runs out sends GETs only (reported).
TOKENS_PER_SECOND = 60
# The server's limit of registrations per address, raised: every request comes from
# 127.0.0.1.
REGISTRATION_RATE = "1000000/h"
# The shared cache of production (README: set REDIS_URL even on one server): a private
# redis-server on this port, without persistence, for the run.
REDIS_PORT = 6391
# Issue 16's goal.
MIN_RATIO = 0.50
MAX_P95_MS = 50.0


def terms():
    """[(language, term)] of bench/search_terms.txt."""
    found = []
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, term = line.split(" ", 1)
            assert language in LANGUAGES, line
            found.append((language, term.strip()))
    return found


def library_query(**params) -> str:
    return "/good-practices/?" + urllib.parse.urlencode(params) if params else "/good-practices/"


def url_universe(rng, count=URLS):
    """``count`` distinct GET paths of the bench database, each in one of the eight
    languages: every kind of public page, with only values that exist."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from events.models import Event
    from events.views import EVENTS_PAGE_SIZE
    from goodpractices.filters import LEVELS, SORTS, GoodPracticeFilter
    from goodpractices.models import GoodPractice, Theme
    from goodpractices.views import PAGE_SIZE
    from partners.models import Partner

    now = timezone.now()
    events = Event.objects.public()
    practices = GoodPractice.objects.published()

    def localised(paths, languages=LANGUAGES):
        return [f"/{code}{path}" for path in paths for code in languages]

    # Every language's fixed pages, and the event list's pages that exist.
    fixed = localised(["/", "/partners/", "/policy-instruments/", "/events/", "/results/"])
    upcoming = Paginator(range(events.upcoming(now).count()), EVENTS_PAGE_SIZE).num_pages
    past = Paginator(range(events.past(now).count()), EVENTS_PAGE_SIZE).num_pages
    event_pages = localised(
        [f"/events/?upcoming={n}" for n in range(2, upcoming + 1)]
        + [f"/events/?page={n}" for n in range(2, past + 1)]
    )

    def sample(paths, k):
        paths = list(dict.fromkeys(paths))
        return rng.sample(paths, min(k, len(paths)))

    def anywhere(paths):
        """Each path under one language prefix drawn at random."""
        return [f"/{rng.choice(LANGUAGES)}{path}" for path in paths]

    partner_slugs = list(Partner.objects.order_by("pk").values_list("slug", flat=True))
    event_slugs = list(events.order_by("pk").values_list("slug", flat=True))
    practice_slugs = list(practices.order_by("pk").values_list("slug", flat=True))
    details = (
        sample(anywhere(f"/partners/{slug}/" for slug in partner_slugs), 120)
        + sample(anywhere(f"/events/{slug}/" for slug in event_slugs), 250)
        + sample(anywhere(f"/good-practices/{slug}/" for slug in practice_slugs), 450)
    )

    # The library's filters, combined; a page number only where the results reach it.
    countries = sorted(set(practices.values_list("country", flat=True)) - {""})
    themes = list(Theme.objects.order_by("pk").values_list("slug", flat=True))
    levels = [value for value, _label in LEVELS]
    sorts = [value for value, _label in SORTS if value != "relevance"]
    combinations = []
    while len(combinations) < 600:
        params = {}
        if rng.random() < 0.6:
            params["country"] = rng.choice(countries)
        if rng.random() < 0.5:
            params["theme"] = rng.choice(themes)
        if rng.random() < 0.25:
            params["level"] = rng.choice(levels)
        if rng.random() < 0.3:
            params["sort"] = rng.choice(sorts)
        if rng.random() < 0.3:
            params["page"] = rng.choice([2, 3, 4, 5])
        combinations.append(params)
    library = []
    counted = {}
    for params in combinations:
        filters = {key: value for key, value in params.items() if key != "page"}
        key = tuple(sorted(filters.items()))
        if key not in counted:
            counted[key] = GoodPracticeFilter(filters or None, queryset=practices).qs.count()
        if params.get("page", 1) <= max(1, math.ceil(counted[key] / PAGE_SIZE)):
            library.append(f"/{rng.choice(LANGUAGES)}{library_query(**params)}")

    # Every term in its own language; then the same terms again, some sorted or
    # narrowed to a country, some typed under another language's prefix.
    searches = [f"/{language}{library_query(q=term)}" for language, term in terms()]
    for language, term in terms():
        extra = rng.choice([{"sort": "newest"}, {"country": rng.choice(countries)}, {}])
        prefix = language if extra else rng.choice([code for code in LANGUAGES if code != language])
        searches.append(f"/{prefix}{library_query(q=term, **extra)}")

    universe = list(dict.fromkeys(fixed + event_pages + details + searches))
    for path in library:
        if len(universe) >= count:
            break
        if path not in universe:
            universe.append(path)
    if len(universe) < count:
        raise SystemExit(f"only {len(universe)} distinct addresses; the bench data is too small")
    universe = universe[:count]
    rng.shuffle(universe)
    return universe


def kind(url) -> str:
    """What an address is, for the summary."""
    path, _sep, query = url.partition("?")
    parts = path.strip("/").split("/")[1:]
    if "q=" in query:
        return "searches"
    if not parts:
        return "home"
    if len(parts) > 1:
        return {"partners": "partner", "events": "event", "good-practices": "practice"}[
            parts[0]
        ] + " pages"
    if parts[0] == "good-practices" and query:
        return "library filters"
    if parts[0] == "events" and query:
        return "event list pages"
    return parts[0]


def with_open_events(universe, events, rng) -> None:
    """The open events' pages in every language, among the 200 most asked addresses
    (visitors register from them, and they come for them), in place of other event
    pages: each registration empties its event's, so these are the misses it causes."""
    ranks = [n for n in range(200) if kind(universe[n]) == "event pages"]
    wanted = [f"/{code}/events/{event.slug}/" for event in events for code in LANGUAGES]
    for url in wanted:
        if url in universe:
            continue
        rank = ranks.pop(rng.randrange(len(ranks))) if ranks else None
        if rank is None:  # fewer event pages up there: the first of any kind
            rank = next(n for n in range(len(universe)) if universe[n] not in wanted)
        universe[rank] = url


def open_event_page(url, events) -> bool:
    """The open events' own pages: the ones whose seats left each registration changes
    (a region filled for every response; the page itself stays cached)."""
    path = url.partition("?")[0]
    return any(path.endswith(f"/events/{event.slug}/") for event in events)


def zipf_file(universe, directory):
    """The addresses with their cumulative Zipf weights, one per line, for mixed.lua."""
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(universe) + 1)]
    total = sum(weights)
    path = Path(directory) / "urls.txt"
    cumulative = 0.0
    with path.open("w", encoding="utf-8") as out:
        for weight, url in zip(weights, universe, strict=True):
            cumulative += weight / total
            out.write(f"{cumulative:.12f} {url}\n")
    return path, [weight / total for weight in weights]


def open_events():
    """Three upcoming events whose registration is open, at least two days ahead (so
    that none closes during the run): the first keeps a small room, the others a large
    one. Returns [(event, capacity before)]."""
    from django.utils import timezone

    from events.models import Event, Registration

    now = timezone.now()
    chosen = []
    for event in Event.objects.public().filter(start__gte=now + datetime.timedelta(days=2)):
        if event.registration_state(now) == "open" and event.slug != "bench-event-300":
            chosen.append(event)
        if len(chosen) == OPEN_EVENTS:
            break
    if len(chosen) < OPEN_EVENTS:
        raise SystemExit("fewer than three open events in the bench data: run with --reload")
    prepared = []
    for n, event in enumerate(chosen):
        before = event.capacity
        held = Registration.objects.holding_seats(now).filter(event=event).count()
        event.capacity = held + SMALL_EVENT_FREE_SEATS if n == 0 else LARGE_CAPACITY
        event.save(update_fields=["capacity"])
        prepared.append((event, before))
    return prepared


def forget_registrations():
    """Delete what earlier runs of this script registered, with their queued emails."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import OutboxEmail
    from events.models import Registration

    ours = Registration.objects.filter(email__startswith=EMAIL_PREFIX)
    ids = list(ours.values_list("pk", flat=True))
    if ids:
        OutboxEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration), object_id__in=ids
        ).delete()
        ours.delete()
    return len(ids)


def csrf_pair(event):
    """One visitor's CSRF cookie and form token, from the event page as served."""
    from django.conf import settings

    url = f"http://127.0.0.1:{pages.PORT}/en/events/{event.slug}/"
    with urllib.request.urlopen(url, timeout=30) as response:
        html = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    name = settings.CSRF_COOKIE_NAME + "="
    cookie = next(c.split(";")[0] for c in cookies if c.startswith(name))
    return cookie, token


def registration_file(events, count, csrf_token, rng, directory):
    """``count`` registrations, each with its own time token (made in this process
    with the server's SECRET_KEY, single-use) and its own email: "<path> <body>"."""
    from events.forms import time_token
    from events.models import Registration

    run = f"{int(time.time())}"
    types = [value for value, _label in Registration.OrganisationType.choices]
    countries = ["FI", "DE", "PL", "ES", "IT", "FR", "AT", "IE"]
    path = Path(directory) / "registrations.txt"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            event = events[n % len(events)]
            language = rng.choice(LANGUAGES)
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf_token,
                    "started": time_token(),
                    "name": f"Mixed Bench {n}",
                    "email": f"{EMAIL_PREFIX}{run}-{n}@example.org",
                    "organisation": f"Organisation {n % 50}",
                    "organisation_type": rng.choice(types),
                    "country": rng.choice(countries),
                    "language": language,
                    "access_needs": "",
                    "privacy": "on",
                    "website": "",
                }
            )
            out.write(f"/{language}/events/{event.slug}/register/ {body}\n")
    return path


def start_redis():
    """A private redis-server for the run; REDIS_URL for the server's environment."""
    process = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("redis-server did not start")


def prime(universe, connections) -> str:
    """Ask every address once, as a site that has been serving them does: the run then
    measures the steady state (tail addresses expire and are rendered again), not a
    cache filling from empty. Returns a summary."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(url):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{pages.PORT}{url}", timeout=60) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as error:
            return error.code

    began = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        statuses = list(pool.map(fetch, universe))
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    return f"primed {len(universe)} addresses in {time.monotonic() - began:.1f} s ({counts})"


def wrk_mixed(args, urls, registrations, share, cookie, seconds):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(WRK_SCRIPT),
        f"http://127.0.0.1:{pages.PORT}",
        "--",
        str(urls),
        str(registrations),
        str(share),
        str(args.threads),
        str(args.seed),
        cookie,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("MIXED "))
    fields = dict(item.split("=", 1) for item in line.split()[1:])
    statuses = {}
    for item in filter(None, fields.pop("statuses").split(",")):
        status, number = item.split(":")
        statuses[int(status)] = int(number)
    result = {key: float(value) for key, value in fields.items()}
    result["statuses"] = statuses
    result["rps"] = result["requests"] / (result["duration"] / 1e6)
    return result


def seats(prepared):
    """Per event: (slug, seats held now, capacity, waitlisted by this run)."""
    from django.utils import timezone

    from events.models import Event, Registration

    now = timezone.now()
    rows = []
    for event, _before in prepared:
        event = Event.objects.get(pk=event.pk)
        held = Registration.objects.holding_seats(now).filter(event=event).count()
        ours = Registration.objects.filter(event=event, email__startswith=EMAIL_PREFIX)
        waitlisted = ours.filter(status=Registration.Status.WAITLISTED).count()
        rows.append((event.slug, held, event.capacity, ours.count(), waitlisted))
    return rows


def restore(prepared):
    from events.models import Event

    forget_registrations()
    for event, before in prepared:
        Event.objects.filter(pk=event.pk).update(capacity=before)
    from core.pagecache import content_changed

    content_changed("events")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reload", action="store_true", help="load the database again")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--workers", type=int, help="default: WEB_CONCURRENCY or 2 x cores + 1")
    parser.add_argument("--share", type=float, default=REGISTRATION_SHARE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--local-cache",
        action="store_true",
        help="each worker's own memory for the cache instead of a shared redis-server",
    )
    parser.add_argument(
        "--cache-seconds",
        type=int,
        help="the server's PAGE_CACHE_SECONDS (default: the portal's)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start from an empty cache (default: every address asked once first)",
    )
    parser.add_argument("--database", default=pages.DB_NAME, help="default: %(default)s")
    args = parser.parse_args()
    pages.DB_NAME = args.database
    if not args.local_cache:
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server not found (Debian: redis-server), or --local-cache")
        redis = start_redis()
        atexit.register(redis.wait)
        atexit.register(redis.terminate)
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"

    # The server (started below with this environment) takes any number of
    # registrations from 127.0.0.1; the form's minimum age stays as in production.
    os.environ["EVENTS_REGISTRATION_RATE"] = REGISTRATION_RATE
    pages.setup_django()
    pages.prepare(args.reload)
    from django.conf import settings
    from django.db import connection, transaction

    rng = random.Random(args.seed)
    began = time.monotonic()
    universe = url_universe(rng)
    forgotten = forget_registrations()
    with transaction.atomic():
        prepared = open_events()
    events = [event for event, _before in prepared]
    with_open_events(universe, events, rng)
    kinds = {}
    for url in universe:
        kinds[kind(url)] = kinds.get(kind(url), 0) + 1
    print(
        f"{len(universe)} addresses in {time.monotonic() - began:.1f} s: "
        + ", ".join(f"{name} {n}" for name, n in sorted(kinds.items()))
        + (f"; {forgotten} registrations of an earlier run deleted" if forgotten else "")
    )
    connection.close()

    workdir = tempfile.TemporaryDirectory(prefix="n2m-mixed-")
    urls, shares = zipf_file(universe, workdir.name)
    open_share = sum(
        share for share, url in zip(shares, universe, strict=True) if open_event_page(url, events)
    )
    server = None
    try:
        server = pages.start_gunicorn(args.workers, cache_seconds=args.cache_seconds)
        workers = pages.gunicorn_workers(server)
        cookie, csrf_token = csrf_pair(events[0])
        count = max(200, TOKENS_PER_SECOND * args.duration)
        registrations = registration_file(events, count, csrf_token, rng, workdir.name)
        made = time.monotonic()
        if not args.cold:
            print(prime(universe, args.connections))
        wrk_mixed(args, urls, registrations, 0, cookie, args.warmup)
        # Every time token must be older than the form's minimum age when it is sent.
        time.sleep(max(0.0, settings.EVENTS_MIN_FORM_SECONDS - (time.monotonic() - made)))
        mixed = wrk_mixed(args, urls, registrations, args.share, cookie, args.duration)
        bare = pages.wrk("/bare/", args.duration, args.connections, args.threads)
        rows = seats(prepared)
    finally:
        if server:
            server.terminate()
            server.wait()
        workdir.cleanup()
        # The database as it was, whatever happened.
        restore(prepared)
    stored = sum(row[3] for row in rows)
    overbooked = sum(max(0, held - capacity) for _slug, held, capacity, _n, _w in rows)

    statuses = mixed["statuses"]
    errors = sum(n for status, n in statuses.items() if status >= 400) + mixed["socket_errors"]
    answered = mixed["hits"] + mixed["misses"]
    hit_rate = mixed["hits"] / answered if answered else 0.0
    ratio = mixed["rps"] / bare["rps"]
    posted, succeeded = int(mixed["posted"]), int(mixed["registered"])
    print(
        f"\ncores: {os.cpu_count()}, gunicorn workers: {workers}, wrk: {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s after {args.warmup} s of warm-up, "
        f"PostgreSQL {connection.pg_version // 10000}"
    )
    cache = "each worker's memory" if args.local_cache else "redis-server (REDIS_URL)"
    lifetime = args.cache_seconds if args.cache_seconds is not None else settings.PAGE_CACHE_SECONDS
    start = "empty" if args.cold else "primed"
    print(
        f"page cache: {cache}, {lifetime} s, {start}; addresses: {len(universe)}, Zipf "
        f"s={ZIPF_EXPONENT}: the first is {shares[0]:.1%} of GETs, the first 20 "
        f"{sum(shares[:20]):.1%}; {open_share:.1%} of GETs go to the three open events' pages "
        f"(their seats left counted for every response; a registration empties no page)"
    )
    print(
        f"registrations: {args.share:.0%} of requests, on "
        f"{', '.join(e.slug for e in events)}; server's registration limit raised to "
        f"{REGISTRATION_RATE} (EVENTS_REGISTRATION_RATE), form minimum age "
        f"{settings.EVENTS_MIN_FORM_SECONDS:g} s kept"
    )
    print(
        f"\nmixed: {mixed['rps']:.1f} req/s = {ratio:.0%} of bare ({bare['rps']:.1f} req/s); "
        f"latency p50 {mixed['p50'] / 1000:.1f} ms, p95 {mixed['p95'] / 1000:.1f} ms, "
        f"p99 {mixed['p99'] / 1000:.1f} ms (bare p50 {bare['p50']:.1f}, p95 {bare['p95']:.1f})"
    )
    print(
        f"page cache: {hit_rate:.1%} hits ({int(mixed['hits'])} hits, "
        f"{int(mixed['misses'])} misses, {int(mixed['uncached'])} responses it does not handle)"
    )
    print(
        "statuses: "
        + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        + f"; socket errors: {int(mixed['socket_errors'])}"
    )
    print(
        f"registrations: {posted} sent, {succeeded} registered (302: "
        f"{int(mixed['pending'])} pending, {int(mixed['waitlisted'])} waitlisted, "
        f"{int(mixed['already'])} already registered), {posted - succeeded} not "
        f"(refused, or unanswered when wrk stopped), {stored} stored"
        + (f"; {int(mixed['skipped'])} not sent (tokens ran out)" if mixed["skipped"] else "")
    )
    for slug, held, capacity, ours, waitlisted in rows:
        print(
            f"  {slug}: {held} seats held of {capacity} "
            f"({ours} registered by this run, {waitlisted} waitlisted); "
            f"overbooked by {max(0, held - capacity)}"
        )
    failed = []
    if ratio < MIN_RATIO:
        failed.append(f"<{MIN_RATIO:.0%} of bare")
    if mixed["p95"] / 1000 >= MAX_P95_MS:
        failed.append(f"p95>={MAX_P95_MS:.0f}ms")
    if errors:
        failed.append(f"{int(errors)} errors")
    if overbooked:
        failed.append(f"overbooked by {overbooked}")
    if not posted:
        failed.append("no registration sent")
    print(
        f"\ngoal: >= {MIN_RATIO:.0%} of bare, p95 < {MAX_P95_MS:.0f} ms, 0 errors, "
        f"0 overbooking: " + ("PASS" if not failed else "FAIL " + ", ".join(failed))
    )


if __name__ == "__main__":
    main()
