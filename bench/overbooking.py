"""Shows that the lock on the event row is what prevents overbooking (PostgreSQL).

100 threads register at once for an event with 10 seats, through the registration
service: first as shipped, then with the event lock replaced by a plain read (and a
50 ms pause between counting the seats and writing, as a slow request would have).

    .venv/bin/python bench/overbooking.py
"""

import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "next2met.settings")
os.environ["DJANGO_DEBUG"] = "1"
os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/next2met_bench_race"
os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

PEOPLE, SEATS = 100, 10


def main():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute("DROP DATABASE IF EXISTS next2met_bench_race")
        c.execute("CREATE DATABASE next2met_bench_race")

    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from events import services
    from events.models import Event
    from partners.demo_content import load_partners
    from partners.models import Partner

    call_command("migrate", verbosity=0)
    load_partners()
    host = Partner.objects.get(slug="paijat-hame")

    def storm(label):
        start = timezone.now() + datetime.timedelta(days=10)
        event = Event.objects.create(
            title_en=label,
            slug=label,
            host=host,
            status="published",
            capacity=SEATS,
            start=start,
            end=start + datetime.timedelta(hours=2),
        )
        barrier = threading.Barrier(PEOPLE)
        outcomes = []

        def person(i):
            try:
                barrier.wait()
                result = services.registration_create(
                    event_id=event.pk,
                    data={
                        "name": f"P{i}",
                        "email": f"p{i}@example.org",
                        "organisation": "O",
                        "organisation_type": "business",
                        "country": "FI",
                        "access_needs": "",
                    },
                    language="en",
                )
                outcomes.append(result.outcome)
            except Exception as error:  # noqa: BLE001
                outcomes.append(type(error).__name__)
            finally:
                connection.close()

        connection.close()
        threads = [threading.Thread(target=person, args=(i,)) for i in range(PEOPLE)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        holding = event.registrations.filter(status="pending").count()
        print(
            f"{label:>14}: {PEOPLE} at once for {SEATS} seats -> {holding} hold seats "
            f"(over capacity: {max(0, holding - SEATS)}), outcomes {dict(Counter(outcomes))}, "
            f"{elapsed:.2f} s"
        )

    storm("with-lock")

    real_free_seats = services.free_seats

    def unlocked(event_id):
        return Event.objects.get(pk=event_id)  # no SELECT ... FOR UPDATE

    def slow_free_seats(event, now):
        free = real_free_seats(event, now)
        time.sleep(0.05)
        return free

    services._lock_event = unlocked
    services.free_seats = slow_free_seats
    storm("without-lock")


if __name__ == "__main__":
    main()
