"""Public pages under load, through gunicorn as in production, against bare Django.

Loads a large data set into PostgreSQL (the real demo content, plus 200 partners with
their policy instruments, 10,000 good practices written in eight languages, 500 events
with agendas and materials, 50,000 registrations), serves the portal with gunicorn
(DEBUG off, production settings, WhiteNoise over collected static files, the worker
count of gunicorn.conf.py), and measures every page with wrk on loopback, in the same
run as a bare Django view behind the same middleware: requests per second, latency p50
and p95, the SQL queries per page and the compressed weight of its HTML, CSS and JS.

    .venv/bin/python bench/pages.py [--reload] [--duration 10] [--connections 16]

Its database (n2m_bench) is kept between runs while the migrations and this loader are
unchanged; --reload loads it again. Figures, not a test: the targets of issue 6 are
checked and printed as PASS or FAIL per page.
"""

import argparse
import datetime
import gzip
import hashlib
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "n2m_bench"
PORT = 8766
# Bump when the loader below changes what it loads.
DATA_VERSION = 2
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_percentiles.lua"

PARTNERS = 200
PRACTICES = 10_000
EVENTS = 500
SESSIONS_PER_EVENT = 6
MATERIALS_PER_EVENT = 3
REGISTRATIONS_PER_EVENT = 100  # 50,000 in all
LANGUAGES = ("en", "fi", "de", "pl", "es", "ca", "it", "fr")

# The pages measured: (name, path). The event is upcoming with registration open (its
# form is on the page); the library is filtered by country and theme. Each page is
# measured twice: served by the page cache, and rendered on every request (a server
# with the cache off), which is what a page costs the first time, after every edit of
# its scope, and for every search nobody asked before.
PAGES = [
    ("home", "/en/"),
    ("partner list", "/de/partners/"),
    ("policy instruments", "/es/policy-instruments/"),
    ("policy instrument", "/es/policy-instruments/bench-instrument-7/"),
    ("event list", "/fr/events/"),
    ("event detail", "/it/events/bench-event-300/"),
    ("practices", "/en/good-practices/"),
    ("practices, filtered", "/ca/good-practices/?country=FI&theme=bench-theme-3&sort=newest"),
    ("practice detail", "/pl/good-practices/bench-practice-42/"),
    ("search", "/fi/good-practices/?q=kirjasto"),
    ("search, broad", "/en/good-practices/?q=museum"),
    ("results", "/en/results/"),
    ("bare Django", "/bare/"),
]
BARE = "bare Django"
SEARCHES = {"search", "search, broad"}
# Issue 6's targets, and issue 16's for pages rendered uncached.
MIN_RATIO = 0.80
MIN_UNCACHED_RATIO = 0.30
MAX_P95_MS = 25.0
MAX_SEARCH_P95_MS = 50.0
MAX_RENDER_MS = 10.0
MAX_SEARCH_RENDER_MS = 20.0
MAX_KB = 60.0
# A sequential scan over a table this big is reported.
BIG_TABLE_ROWS = 5000


def environment():
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def setup_django():
    os.environ.update(environment())
    import django

    django.setup()


def schema_version():
    """The migrations on disk and the loader's version: a changed one means reload."""
    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    return hashlib.sha256(f"{DATA_VERSION}:{','.join(names)}".encode()).hexdigest()[:16]


def stored_version():
    import psycopg

    try:
        with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
            return conn.execute("SELECT version FROM bench_meta").fetchone()[0]
    except psycopg.Error:
        return None


def create_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def load(rng):
    """The demo content, then the bulk data through bulk_create."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import search as search_bench
    from events.models import Event, Material, Registration, Session
    from goodpractices.models import GoodPractice, Theme
    from partners.models import Partner, PolicyInstrument

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=StringIO())
    countries = ["FI", "AT", "ES", "IE", "PL", "DE", "IT", "FR"]
    began = time.monotonic()
    with transaction.atomic():
        partners = Partner.objects.bulk_create(
            Partner(
                **{f"name_{code}": f"Bench partner {n} ({code})" for code in LANGUAGES},
                **{f"region_{code}": f"Region {n % 40} ({code})" for code in LANGUAGES},
                description_en=f"A partner of the benchmark, number {n}.",
                slug=f"bench-partner-{n}",
                role=Partner.Role.ADVISORY if n % 50 == 0 else Partner.Role.PARTNER,
                country=countries[n % len(countries)],
                role_start=datetime.date(2019, 8, 1),
                role_end=datetime.date(2021, 12, 31) if n % 20 == 0 else None,
                order=100 + n,
            )
            for n in range(PARTNERS)
        )
        PolicyInstrument.objects.bulk_create(
            PolicyInstrument(
                partner=partner,
                **{f"title_{code}": f"Regional programme {n} ({code})" for code in LANGUAGES},
                slug=f"bench-instrument-{n}",
                kind=PolicyInstrument.Kind.ERDF_OP if n % 2 else PolicyInstrument.Kind.REGIONAL,
                managing_authority_en=f"Managing authority {n}",
            )
            for n, partner in enumerate(partners)
        )
        themes = Theme.objects.bulk_create(
            Theme(
                **{f"name_{code}": f"Bench theme {n} ({code})" for code in LANGUAGES},
                slug=f"bench-theme-{n}",
                order=100 + n,
            )
            for n in range(10)
        )
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        events = Event.objects.bulk_create(
            Event(
                **{f"title_{code}": f"Bench event {n} ({code})" for code in LANGUAGES},
                **{f"summary_{code}": f"What event {n} is about ({code})." for code in LANGUAGES},
                description_en=f"<p>Programme of event {n}.</p>",
                slug=f"bench-event-{n}",
                kind=Event.Kind.PLE if n % 3 == 0 else Event.Kind.STAKEHOLDER_MEETING,
                host=partners[n % PARTNERS],
                start=now + datetime.timedelta(days=(n - 250) * 2, hours=9),
                end=now + datetime.timedelta(days=(n - 250) * 2, hours=17),
                status=Event.Status.CANCELLED if n % 25 == 0 else Event.Status.PUBLISHED,
                venue_en=f"Hall {n % 7}",
                city_en=f"City {n % 30}",
                country=countries[n % len(countries)],
                capacity=REGISTRATIONS_PER_EVENT * 2,
            )
            for n in range(EVENTS)
        )
        sessions = Session.objects.bulk_create(
            Session(
                event=event,
                **{f"title_{code}": f"Session {s} ({code})" for code in LANGUAGES},
                kind=Session.Kind.WORKSHOP if s % 2 else Session.Kind.PRESENTATION,
                start=event.start + datetime.timedelta(hours=s),
                end=event.start + datetime.timedelta(hours=s, minutes=50),
                room_en=f"Room {s}",
                speakers_en=f"Speaker {s}, Speaker {s + 1}",
                description_en=f"What session {s} covers.",
            )
            for event in events
            for s in range(SESSIONS_PER_EVENT)
        )
        Material.objects.bulk_create(
            Material(
                event=sessions[e * SESSIONS_PER_EVENT].event,
                session=sessions[e * SESSIONS_PER_EVENT + m],
                kind=Material.Kind.LINK,
                **{f"title_{code}": f"Slides {m} ({code})" for code in LANGUAGES},
                url=f"https://example.org/bench/{e}/{m}",
                is_published=True,
                order=m,
            )
            for e in range(EVENTS)
            for m in range(MATERIALS_PER_EVENT)
        )
        statuses = [Registration.Status.CONFIRMED] * 8 + [
            Registration.Status.PENDING,
            Registration.Status.CANCELLED,
        ]
        Registration.objects.bulk_create(
            (
                Registration(
                    event=event,
                    status=statuses[r % len(statuses)],
                    name=f"Person {e}-{r}",
                    email=f"person{e}-{r}@example.org",
                    organisation=f"Organisation {r % 90}",
                    organisation_type="public",
                    country=countries[r % len(countries)],
                    language=LANGUAGES[r % len(LANGUAGES)],
                    created_at=event.start - datetime.timedelta(days=30, minutes=r),
                )
                for e, event in enumerate(events)
                for r in range(REGISTRATIONS_PER_EVENT)
            ),
            batch_size=2000,
        )
        loaded_events = time.monotonic() - began
        began = time.monotonic()
        practices, practice_themes = search_bench.practices(
            PRACTICES, partners, themes, rng, slug_prefix="bench-practice"
        )
        for practice in practices:
            practice.country = practice.owner.country
        search_bench.save_practices(practices, practice_themes)
        presented = GoodPractice.presented_at.through
        presented.objects.bulk_create(
            presented(goodpractice_id=practice.pk, event_id=events[n % EVENTS].pk)
            for n, practice in enumerate(practices)
            if n % 5 == 0
        )
        loaded_practices = time.monotonic() - began
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_meta (version text NOT NULL)")
            cursor.execute("INSERT INTO bench_meta VALUES (%s)", [schema_version()])
    began = time.monotonic()
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load: planner statistics, and
        # the GIN index's pending list merged.
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {PARTNERS} partners and instruments, {EVENTS} events, "
        f"{EVENTS * SESSIONS_PER_EVENT} sessions, {EVENTS * MATERIALS_PER_EVENT} materials, "
        f"{EVENTS * REGISTRATIONS_PER_EVENT} registrations in {loaded_events:.1f} s; "
        f"{PRACTICES} practices in 8 languages with search vectors in {loaded_practices:.1f} s; "
        f"vacuumed in {time.monotonic() - began:.1f} s"
    )


def prepare(reload):
    from django.core.management import call_command

    version = schema_version()
    if reload or stored_version() != version:
        began = time.monotonic()
        create_database()
        load(random.Random(2026))
        print(f"database {DB_NAME} loaded in {time.monotonic() - began:.0f} s")
    else:
        print(f"database {DB_NAME} reused (schema {version}; --reload to load it again)")
    call_command("collectstatic", interactive=False, verbosity=0)


def start_gunicorn(workers, cached=True, cache_seconds=None):
    """gunicorn on PORT; ``cache_seconds``: PAGE_CACHE_SECONDS (None: the portal's)."""
    env = {
        **os.environ,
        **environment(),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_ACCESS_LOG": "",
    }
    if not cached:
        env["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    elif cache_seconds is not None:
        env["DJANGO_PAGE_CACHE_SECONDS"] = str(cache_seconds)
    else:
        env.pop("DJANGO_PAGE_CACHE_SECONDS", None)
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "next2met.wsgi",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bare/", timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def gunicorn_workers(process):
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return len(children.read_text().split()) if children.exists() else "?"


def in_process(path, repeat=7):
    """Status, the queries of a warm request, the compressed HTML + CSS + JS, the time
    of one cached request alone (in this process, without load), and the p50 of warm
    requests rendered with the page cache off."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path)  # the first request fills the process-wide caches
        cold = []
        for _ in range(repeat):
            caches["pages"].clear()  # nothing kept: no card, map or figures either
            began = time.perf_counter()
            client.get(path)
            cold.append((time.perf_counter() - began) * 1000)
        client.get(path)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - began) * 1000)
    # Read now: the next request empties the connection's query log.
    statements = [q["sql"] for q in queries.captured_queries]
    client.get(path)  # into the page cache
    began = time.perf_counter()
    client.get(path)
    alone_ms = (time.perf_counter() - began) * 1000
    html = response.content
    weight = len(gzip.compress(html))
    # The hashed names WhiteNoise serves, compressed as its .gz copies are.
    for name in set(re.findall(rb'(?:href|src)="/static/([^"?#]+\.(?:css|js))"', html)):
        weight += len(gzip.compress((Path(settings.STATIC_ROOT) / name.decode()).read_bytes()))
    return (
        response.status_code,
        statements,
        weight,
        alone_ms,
        statistics.median(times),
        statistics.median(cold),
    )


def sequential_scans(statements):
    """(table, rows, statement) for each sequential scan of a big table in the plans."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND reltuples >= %s",
            [BIG_TABLE_ROWS],
        )
        big = dict(cursor.fetchall())
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            for (line,) in cursor.fetchall():
                match = re.search(r"Seq Scan on (\w+)", line)
                if match and match.group(1) in big:
                    found.append((match.group(1), big[match.group(1)], sql))
    return found


def wrk(path, seconds, connections, threads):
    url = f"http://127.0.0.1:{PORT}{path}"
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    output = subprocess.run(
        [*command, "-s", str(WRK_SCRIPT), url], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50_us, p95_us, bad_status, socket_errors = line.split()[1:]
    return {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50": float(p50_us) / 1000,
        "p95": float(p95_us) / 1000,
        "errors": int(bad_status) + int(socket_errors),
    }


def verdict(name, row, bare_rps, cached):
    if name == BARE:
        return ""
    failed = []
    ratio = MIN_RATIO if cached else MIN_UNCACHED_RATIO
    if row["rps"] < ratio * bare_rps:
        failed.append(f"<{ratio:.0%} of bare")
    limit = MAX_SEARCH_P95_MS if name in SEARCHES else MAX_P95_MS
    if cached and row["p95"] >= limit:
        failed.append(f"p95>={limit:.0f}ms")
    render_limit = MAX_SEARCH_RENDER_MS if name in SEARCHES else MAX_RENDER_MS
    if not cached and row["render"] > render_limit:
        failed.append(f"render>{render_limit:.0f}ms")
    if row["kb"] > MAX_KB:
        failed.append(f">{MAX_KB:.0f}KB")
    if row["errors"] or row["status"] != 200:
        failed.append(f"errors ({row['status']}, {row['errors']})")
    return "PASS" if not failed else "FAIL " + ", ".join(failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reload", action="store_true", help="load the database again")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--workers", type=int, help="default: WEB_CONCURRENCY or 2 x cores + 1")
    args = parser.parse_args()

    setup_django()
    prepare(args.reload)
    from django.db import connection

    rows, scans = {}, []
    for name, path in PAGES:
        status, statements, weight, alone_ms, render_ms, cold_ms = in_process(path)
        common = {"status": status, "queries": len(statements), "kb": weight / 1024}
        rows[name, True] = {
            **common,
            "alone": alone_ms,
            "queries": 1 if name != BARE else 0,
            "cold": None,
        }
        rows[name, False] = {**common, "alone": render_ms, "render": render_ms, "cold": cold_ms}
        scans += [(name, *scan) for scan in sequential_scans(statements)]
    connection.close()  # the server's workers get the database to themselves

    for cached in (True, False):
        server = start_gunicorn(args.workers, cached=cached)
        try:
            workers = gunicorn_workers(server)
            for name, path in PAGES:
                wrk(path, args.warmup, args.connections, args.threads)
                rows[name, cached].update(wrk(path, args.duration, args.connections, args.threads))
        finally:
            server.terminate()
            server.wait()

    print(
        f"\ncores: {os.cpu_count()}, gunicorn workers: {workers}, wrk: {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s per page after {args.warmup} s "
        f"warm-up, PostgreSQL {connection.pg_version // 10000}"
    )
    header = (
        "page",
        "cache",
        "req/s",
        "p50 ms",
        "p95 ms",
        "/bare",
        "queries",
        "KB gz",
        "ms",
        "cold ms",
    )
    print(f"{header[0]:<22}{header[1]:<7}" + "".join(f"{h:>9}" for h in header[2:]) + "  targets")
    for name, _path in PAGES:
        for cached in (True, False):
            row, bare_rps = rows[name, cached], rows[BARE, cached]["rps"]
            print(
                f"{name:<22}{'on' if cached else 'off':<7}{row['rps']:9.1f}{row['p50']:9.1f}"
                f"{row['p95']:9.1f}{row['rps'] / bare_rps:9.0%}{row['queries']:9d}"
                f"{row['kb']:9.1f}{row['alone']:9.1f}"
                + (f"{row['cold']:9.1f}" if row["cold"] is not None else f"{'':9}")
                + f"  {verdict(name, row, bare_rps, cached)}"
            )
    print(
        f"targets, cache on: >= {MIN_RATIO:.0%} of bare req/s, p95 < {MAX_P95_MS:.0f} ms "
        f"(search < {MAX_SEARCH_P95_MS:.0f} ms), <= {MAX_KB:.0f} KB of HTML, CSS and JS "
        f"gzipped; cache off: >= {MIN_UNCACHED_RATIO:.0%} of bare (bare with the cache off), "
        f"rendered in <= {MAX_RENDER_MS:.0f} ms (a search in <= {MAX_SEARCH_RENDER_MS:.0f} ms)"
    )
    print(
        "ms: in-process, without load; cache on: one warm request served from the cache; "
        "cache off: p50 of 7 warm requests rendered afresh (the time Django takes), the "
        "parts kept per version (cards, the map, the home's figures) read from the cache; "
        "cold ms: the same with nothing kept (every card rendered)"
    )
    print("\npaths:", ", ".join(f"{name}: {path}" for name, path in PAGES))
    if scans:
        print(f"\nsequential scans of tables over {BIG_TABLE_ROWS} rows:")
        for name, table, count, sql in scans:
            print(f"  {name}: {table} ({count} rows): {sql[:300]}")
    else:
        print(f"\nno sequential scan of a table over {BIG_TABLE_ROWS} rows in the pages' queries")


if __name__ == "__main__":
    main()
