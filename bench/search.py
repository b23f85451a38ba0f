"""Search benchmark: 100,000 synthetic practices on PostgreSQL (`make bench-search`).

Seeds the database named by DATABASE_URL up to 100,000 synthetic practices if
it has fewer, then measures a text query with two filters:
- at the database: the ORM queries of the result page (count + one page of
  results with rank and snippet) and the facet counts, timed one by one;
- the whole page through Django's test client (middleware, view, template),
  each request after invalidating the anonymous page cache, so every run is
  rendered, as for the first reader of a new search.
Prints a markdown table and writes it to bench/results/search-<time>.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practices.cache import forget_aggregate, new_generation  # noqa: E402
from practices.filters import PracticeFilter  # noqa: E402
from practices.models import Practice  # noqa: E402

TARGET = int(os.environ.get("BENCH_PRACTICES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
PARAMS = {"q": "creative hubs", "country": "IT", "period": "ongoing"}


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def forget_search_aggregates():
    filterset = PracticeFilter(QueryDict(urlencode(PARAMS)))
    filterset.is_valid()
    for kind in ("facet-counts", "count"):
        forget_aggregate(filterset.aggregate_name(kind))


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(function, runs=RUNS):
    function()  # warm-up: plans, caches, connections
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench-search needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    have = Practice.objects.filter(is_synthetic=True).count()
    if have < TARGET:
        say(f"Seeding {TARGET - have} synthetic practices…")
        call_command("seed_synthetic", count=TARGET)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Practice.objects.published().count()

    def results_page():
        filterset = PracticeFilter(PARAMS)
        filterset.is_valid()
        results = filterset.results(headline=True)
        results.count()
        list(results[:20])

    def facets():
        filterset = PracticeFilter(PARAMS)
        filterset.is_valid()
        list(filterset.facet_rows())

    filterset = PracticeFilter(PARAMS)
    filterset.is_valid()
    matches = filterset.results().count()

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()

    # Never a URL an earlier run of a bench left in the page cache.
    runs = iter(range(time.time_ns(), time.time_ns() + 10**6))

    def page():
        # A parameter the list ignores makes each URL new to the page cache;
        # this search's counts are forgotten too: a first reader of it.
        forget_search_aggregates()
        response = client.get("/practices/", {**PARAMS, "run": next(runs)})
        assert response.status_code == 200, response.status_code

    db_p50, db_p95 = timed(results_page)
    facet_p50, facet_p95 = timed(facets)
    page_p50, page_p95 = timed(page)
    new_generation()
    with CaptureQueriesContext(connection) as queries:
        client.get("/practices/", PARAMS)

    query = "&".join(f"{k}={v}" for k, v in PARAMS.items())
    rows = [
        ("Database: count + page of results (rank, snippet)", db_p50, db_p95, 50),
        ("Database: facet counts (one UNION ALL query)", facet_p50, facet_p95, None),
        ("Whole page, rendered (test client, cache missed)", page_p50, page_p95, 150),
    ]
    lines = [
        f"Search benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{total:,} published practices on PostgreSQL, `?{query}` "
        f"({matches:,} matches), {RUNS} runs each.",
        "",
        "| Measure | p50 (ms) | p95 (ms) | Target p95 |",
        "|---|---:|---:|---:|",
    ]
    for label, p50, p95, target in rows:
        goal = f"< {target} ms" if target else "–"
        lines.append(f"| {label} | {p50:.1f} | {p95:.1f} | {goal} |")
    lines += ["", f"List page queries: {len(queries)} (pinned ≤ 8 by the tests)."]
    table = "\n".join(lines)
    say(table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"search-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(table + "\n")
    say(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
