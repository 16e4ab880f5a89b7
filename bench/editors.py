"""The editors' admin pages at bench scale: queries and time per page, in-process.

Uses the database of bench/pages.py (the demo content, plus 200 partners, 10,000
practices in eight languages, 500 events, 50,000 registrations; loaded on first use)
and measures, for a lead-partner editor and a partner's editor: the editor's home (the
admin index), the translation overview and the lists it links to (with the "missing
in …" filter), the event and registration lists. Prints the SQL queries of a warm
request, the p50 and max of warm requests, and any sequential scan of a big table.

    .venv/bin/python bench/editors.py [--reload] [--repeat 7]

Figures, not a test: the tests (tests/test_editor_home.py) hold the query counts
constant on small and larger data; this shows them at bench scale.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages  # noqa: E402

PAGES = [
    ("home", "/admin/"),
    ("translation overview", "/admin/translations/"),
    ("practices missing in English", "/admin/goodpractices/goodpractice/?missing_in=en"),
    ("practices missing in Polish", "/admin/goodpractices/goodpractice/?missing_in=pl"),
    ("events", "/admin/events/event/"),
    ("events missing in Finnish", "/admin/events/event/?missing_in=fi"),
    ("registrations", "/admin/events/registration/"),
]


def editor(username, partner):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from partners.models import Partner, PartnerStaff
    from partners.roles import LEAD_EDITORS, PARTNER_EDITORS

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True}
    )
    if created:
        group = LEAD_EDITORS if partner.role == Partner.Role.LEAD else PARTNER_EDITORS
        user.groups.add(Group.objects.get(name=group))
        PartnerStaff.objects.create(user=user, partner=partner)
    return user


def measure(client, path, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the first request fills the process-wide caches
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
    return response.status_code, [q["sql"] for q in queries.captured_queries], times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reload", action="store_true", help="load the database again")
    parser.add_argument("--repeat", type=int, default=7, help="warm requests per page")
    args = parser.parse_args()

    pages.setup_django()
    pages.prepare(args.reload)
    from django.db.models import Count
    from django.test import Client

    from partners.models import Partner

    lead = Partner.objects.get(role=Partner.Role.LEAD)
    # The partner with the most practices: the heaviest partner home.
    other = (
        Partner.objects.exclude(role=Partner.Role.LEAD)
        .annotate(n=Count("good_practices"))
        .order_by("-n")
        .first()
    )
    header = ("page", "editor", "status", "queries", "p50 ms", "max ms")
    print(f"{header[0]:<30}{header[1]:<10}" + "".join(f"{h:>9}" for h in header[2:]))
    scans = []
    for label, partner, username in (
        ("lead", lead, "bench-lead-editor"),
        ("partner", other, "bench-partner-editor"),
    ):
        client = Client()
        client.force_login(editor(username, partner))
        for name, path in PAGES:
            status, statements, times = measure(client, path, args.repeat)
            print(
                f"{name:<30}{label:<10}{status:>9}{len(statements):>9}"
                f"{statistics.median(times):9.1f}{max(times):9.1f}"
            )
            scans += [(name, label, *scan) for scan in pages.sequential_scans(statements)]
    print(f"\npartner editor: staff of {other.name} ({other.good_practices.count()} practices)")
    if scans:
        print(f"\nsequential scans of tables over {pages.BIG_TABLE_ROWS} rows:")
        for name, label, table, count, sql in scans:
            print(f"  {name} ({label}): {table} ({count} rows): {sql[:300]}")
    else:
        print(f"no sequential scan of a table over {pages.BIG_TABLE_ROWS} rows in these pages")


if __name__ == "__main__":
    main()
