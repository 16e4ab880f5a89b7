"""The sitemap index and each of its section files on the bench data (PostgreSQL):
time to build (uncached, in-process), size, URLs and queries per file.

    .venv/bin/python bench/sitemap.py

Uses the database of `pages.py` (loads it when missing or out of date).
"""

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024


def fetch(client, path):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caches["pages"].clear()  # the build, not the cache
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        elapsed = time.perf_counter() - began
    assert response.status_code == 200, (path, response.status_code)
    return response.content, elapsed, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reload", action="store_true", help="load the bench data again")
    args = parser.parse_args()
    pages.setup_django()
    pages.prepare(args.reload)
    from django.test import Client

    client = Client()
    fetch(client, "/sitemap.xml")  # warm the process-wide caches
    rows = []
    index, elapsed, queries = fetch(client, "/sitemap.xml")
    rows.append(("/sitemap.xml", elapsed, len(index), None, queries))
    root = ET.fromstring(index)  # noqa: S314 - our own sitemap
    for loc in root.findall("s:sitemap/s:loc", NS):
        path = loc.text.split("://", 1)[1].split("/", 1)[1]
        content, elapsed, queries = fetch(client, "/" + path)
        urls = len(ET.fromstring(content).findall("s:url", NS))  # noqa: S314
        rows.append(("/" + path, elapsed, len(content), urls, queries))

    print("\n| file | ms | MB | URLs | queries |\n| --- | ---: | ---: | ---: | ---: |")
    for path, elapsed, size, urls, queries in rows:
        count = "" if urls is None else f"{urls:,}"
        print(f"| {path} | {elapsed * 1000:.0f} | {size / 1e6:.2f} | {count} | {queries} |")
    files = rows[1:]
    total_urls = sum(row[3] for row in files)
    print(
        f"\n{len(files)} files, {total_urls:,} URLs, {sum(row[2] for row in files) / 1e6:.1f} MB "
        f"in all; slowest file {max(row[1] for row in files) * 1000:.0f} ms, "
        f"biggest {max(row[2] for row in files) / 1e6:.2f} MB"
    )
    over = [row[0] for row in files if row[3] > MAX_URLS or row[2] > MAX_BYTES or row[1] > 1.0]
    print("FAIL (over 50,000 URLs, 50 MB or 1 s): " + ", ".join(over) if over else "PASS")


if __name__ == "__main__":
    main()
