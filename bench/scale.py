"""How the library and the search grow with the number of practices (issue 16, goal 5).

Copies ``pages.py``'s database (n2m_bench: 10,000 practices in eight languages) into
n2m_bench_x4 and n2m_bench_x16, where every practice is repeated 4 and 16 times (new
slugs, the same texts, themes and stored search vectors), then measures in-process, with
the page cache off, the p50 of warm requests of the library and of searches at 1×, 4× and
16×, with the SQL queries per page, the matches and the size of the practices' table and
of its search index.

    .venv/bin/python bench/scale.py [--factors 1 4 16] [--repeat 7] [--rebuild]

The copies are kept while n2m_bench's schema version is unchanged (--rebuild makes them
again). Making the x16 copy takes minutes (150,000 rows of long texts in eight languages
and their GIN index). Run it on a quiet machine.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402

# What is measured at each size: the library (first page, a filtered page, a page deep
# in the list), searches broad and narrow, across languages (the glossary), and the
# site search.
PATHS = [
    ("library", "/en/good-practices/"),
    ("library filtered", "/en/good-practices/?country=FI&level=approved"),
    ("library page 40", "/en/good-practices/?page=40"),
    ("search narrow: kirjasto", "/fi/good-practices/?q=kirjasto"),
    ("search broad: museum", "/en/good-practices/?q=museum"),
    ("search 2 words", "/en/good-practices/?q=digital+services"),
    ("search across: matkailu", "/pl/good-practices/?q=matkailu"),
    ("search across: cyfrowe", "/es/good-practices/?q=cyfrowe"),
    ("site search: museum", "/en/search/?q=museum"),
]


def copy_name(factor):
    return pages.DB_NAME if factor == 1 else f"{pages.DB_NAME}_x{factor}"


def meta_version(conn):
    try:
        return conn.execute("SELECT version FROM bench_meta").fetchone()[0]
    except Exception:  # noqa: BLE001 - no table: not made yet
        conn.rollback()
        return None


def make_copy(factor, rebuild):
    """n2m_bench with every practice repeated ``factor`` times."""
    import psycopg

    name = copy_name(factor)
    with psycopg.connect(f"{pages.PG}/{pages.DB_NAME}") as conn:
        version = meta_version(conn)
    try:
        with psycopg.connect(f"{pages.PG}/{name}") as conn:
            if not rebuild and meta_version(conn) == f"{version}x{factor}":
                print(f"{name}: reused")
                return
    except psycopg.OperationalError:
        pass
    began = time.monotonic()
    with psycopg.connect(f"{pages.PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        # A template copy needs n2m_bench free of other connections.
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {pages.DB_NAME}")
    with psycopg.connect(f"{pages.PG}/{name}") as conn:
        table = "goodpractices_goodpractice"
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
                [table],
            )
        ]
        original = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]  # noqa: S608
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE '%%gin%%'",
            [table],
        ).fetchall()
        for index, _definition in indexes:  # rebuilt once at the end: faster
            conn.execute(f"DROP INDEX {index}")
        listed = ", ".join(columns)
        chosen = ", ".join("slug || %(suffix)s" if c == "slug" else c for c in columns)
        through = "goodpractices_goodpractice_themes"
        for copy in range(1, factor):
            suffix = f"-x{copy}"
            conn.execute(
                f"INSERT INTO {table} ({listed}) SELECT {chosen} FROM {table} "  # noqa: S608
                "WHERE id <= %(original)s ORDER BY id",
                {"suffix": suffix, "original": original},
            )
            conn.execute(
                f"INSERT INTO {through} (goodpractice_id, theme_id) "  # noqa: S608
                f"SELECT new.id, t.theme_id FROM {through} t "
                f"JOIN {table} old ON old.id = t.goodpractice_id AND old.id <= %(original)s "
                f"JOIN {table} new ON new.slug = old.slug || %(suffix)s",
                {"suffix": suffix, "original": original},
            )
        conn.commit()  # the deferred foreign-key checks run here, before the index
        for _index, definition in indexes:
            conn.execute(definition)
        conn.execute("UPDATE bench_meta SET version = %s", [f"{version}x{factor}"])
        conn.commit()
    with psycopg.connect(f"{pages.PG}/{name}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"{name}: made in {time.monotonic() - began:.0f} s")


def measure(repeat, database):
    """In this process, on ``database``: one JSON line per page."""
    os.environ.update(pages.environment())
    os.environ["DATABASE_URL"] = f"{pages.PG}/{database}"
    import django

    django.setup()
    from django.db import connection

    table = "goodpractices_goodpractice"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        practices = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_total_relation_size(%s), coalesce(sum(pg_relation_size(indexrelid)), 0) "
            "FROM pg_index WHERE indexrelid::regclass::text LIKE %s",
            [table, "%search%"],
        )
        table_bytes, index_bytes = (int(value) for value in cursor.fetchone())
    rows = []
    for name, path in PATHS:
        status, statements, _weight, _alone, p50 = pages.in_process(path, repeat=repeat)
        rows.append({"page": name, "status": status, "queries": len(statements), "p50": p50})
    print(json.dumps({"practices": practices, "table": table_bytes, "index": index_bytes,
                      "rows": rows}))  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--measure", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.repeat, args.measure)
        return
    pages.setup_django()
    pages.prepare(reload=False)
    from django.db import connections

    connections.close_all()
    results = {}
    for factor in args.factors:
        if factor != 1:
            make_copy(factor, args.rebuild)
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                copy_name(factor),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        results[factor] = json.loads(output.strip().splitlines()[-1])
    factors = list(results)
    print()
    print("in-process, page cache off, p50 of warm requests in ms (SQL queries per page)")
    header = f"{'page':<26}" + "".join(
        f"{str(f) + '× (' + format(results[f]['practices'], ',') + ')':>22}" for f in factors
    )
    print(header)
    for index, (name, _path) in enumerate(PATHS):
        cells = []
        for f in factors:
            row = results[f]["rows"][index]
            status = "" if row["status"] == 200 else f" [{row['status']}]"
            cells.append(f"{row['p50']:>14.1f} ({row['queries']:>2}){status}")
        print(f"{name:<26}" + "".join(f"{c:>22}" for c in cells))
    print(
        f"{'practices table, MB':<26}"
        + "".join(f"{results[f]['table'] / 1e6:>22.0f}" for f in factors)
    )
    print(
        f"{'search index, MB':<26}"
        + "".join(f"{results[f]['index'] / 1e6:>22.0f}" for f in factors)
    )


if __name__ == "__main__":
    main()
