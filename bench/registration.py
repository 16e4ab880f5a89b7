"""Registration throughput through the whole HTTP stack, on PostgreSQL.

Starts gunicorn as in production (DEBUG off, WhiteNoise, PostgreSQL), opens one event,
and lets C clients on loopback each load the form once and then register people one
after another. Prints registrations per second and the latency percentiles of the POST.

    .venv/bin/python bench/registration.py [--requests 2000] [--concurrency 16]

It uses its own database (next2met_bench), which it creates and migrates.
"""

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "next2met_bench"
PORT = 8765


def server_env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "next2met.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        # Emails are queued for the worker, as in production; the worker is not started.
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EVENTS_MIN_FORM_SECONDS": "0",
        "EVENTS_REGISTRATION_RATE": "1000000/h",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def prepare_database(env):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = (
        "import datetime; from django.utils import timezone;"
        "from partners.demo_content import load_partners; load_partners();"
        "from events.models import Event; from partners.models import Partner;"
        "s = timezone.now() + datetime.timedelta(days=30);"
        "Event.objects.create(title_en='Benchmark event', slug='bench', status='published',"
        " host=Partner.objects.get(slug='paijat-hame'), start=s,"
        " end=s + datetime.timedelta(hours=3), capacity=1000000)"
    )
    subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


def start_gunicorn(env, workers):
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "next2met.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/robots.txt")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def client(n_requests, offset, latencies, errors):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", "/en/events/bench/")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    for i in range(n_requests):
        # Each form is single-use: load it (not timed), then send it.
        connection.request("GET", "/en/events/bench/", headers={"Cookie": cookie})
        page = connection.getresponse().read().decode()
        started = re.search(r'name="started" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "started": started,
                "name": f"Bench Person {offset + i}",
                "email": f"bench{offset + i}@example.org",
                "organisation": "Benchmark Oy",
                "organisation_type": "business",
                "country": "FI",
                "language": "en",
                "privacy": "on",
            }
        )
        began = time.perf_counter()
        connection.request(
            "POST",
            "/en/events/bench/register/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://127.0.0.1:{PORT}/en/events/bench/",
            },
        )
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - began)
        if response.status != 302:
            errors.append(response.status)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    env = server_env()
    prepare_database(env)
    server = start_gunicorn(env, args.workers)
    latencies, errors = [], []
    per_client = args.requests // args.concurrency
    try:
        threads = [
            threading.Thread(target=client, args=(per_client, n * per_client, latencies, errors))
            for n in range(args.concurrency)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()

    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
        stored = conn.execute("SELECT count(*) FROM events_registration").fetchone()[0]
        queued = conn.execute("SELECT count(*) FROM core_outboxemail").fetchone()[0]
    ms = sorted(x * 1000 for x in latencies)
    print(f"cores: {os.cpu_count()}, gunicorn workers: {args.workers}, clients: {args.concurrency}")
    print(f"registrations: {len(latencies)} in {elapsed:.2f} s = {len(latencies) / elapsed:.0f}/s")
    print(
        f"POST latency ms: p50 {statistics.median(ms):.1f}, "
        f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f}, max {ms[-1]:.1f}"
    )
    print(f"errors: {len(errors)}; stored registrations: {stored}; emails queued: {queued}")


if __name__ == "__main__":
    main()
