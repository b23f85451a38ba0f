"""Capacity figures at a given number of practices (`make bench-capacity`).

Run once per size, each against its own PostgreSQL database (DATABASE_URL):
seeds synthetic practices up to BENCH_PRACTICES, then measures, in this process:
- the practice page: rendered for the first reader after a change (every cache
  missed), and for a signed-in reader once its public text is kept;
- the search page with a text query and two filters (rendered, cache missed),
  the same search at the database (the number of matches and the first page of
  results), and its facet counts at the database (which the page also reads
  its number of matches from);
- the database's size and its largest tables.
Prints one markdown line per measure; bench/capacity.sh gathers them.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from search import PARAMS, forget_search_aggregates, timed  # noqa: E402

from accounts.models import User  # noqa: E402
from practices.cache import new_generation  # noqa: E402
from practices.filters import PracticeFilter  # noqa: E402
from practices.models import Practice  # noqa: E402

TARGET = int(os.environ.get("BENCH_PRACTICES", "1000"))
WECD = "/practices/wallonia-european-creative-district/"


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench-capacity needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    have = Practice.objects.filter(is_synthetic=True).count()
    if have < TARGET:
        call_command("seed_synthetic", count=TARGET, verbosity=0)
    with connection.cursor() as cursor:
        # As autovacuum leaves a table between bursts of writes: the first
        # version of each seeded practice (its row before its search vector)
        # gone, hint bits set, statistics current.
        cursor.execute("VACUUM (ANALYZE) practices_practice")
        cursor.execute("ANALYZE")
    total = Practice.objects.published().count()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    anonymous = Client()
    reader = Client()
    reader.force_login(User.objects.get(email="reader@example.org"))

    def first_view():
        new_generation()
        assert anonymous.get(WECD).status_code == 200

    def signed_in_view():
        assert reader.get(WECD).status_code == 200

    # Never a URL an earlier run of a bench left in the page cache.
    runs = iter(range(time.time_ns(), time.time_ns() + 10**6))

    def search_page():
        # A new URL to the page cache, and this search's counts forgotten: as
        # for the first reader of this search.
        forget_search_aggregates()
        response = anonymous.get("/practices/", {**PARAMS, "run": next(runs)})
        assert response.status_code == 200

    def search_database():
        filterset = PracticeFilter(PARAMS)
        filterset.is_valid()
        results = filterset.results(headline=True)
        results.count()
        list(results[:20])

    def search_facets():
        filterset = PracticeFilter(PARAMS)
        filterset.is_valid()
        list(filterset.facet_rows())

    measures = [
        ("practice page, first view after a change", first_view),
        ("practice page, signed-in reader", signed_in_view),
        ("search page, rendered", search_page),
        ("search at the database", search_database),
        ("search's facet counts at the database", search_facets),
    ]
    for label, function in measures:
        # Django empties its query log when a request starts: count them instead.
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            function()
        p50, p95 = timed(function)
        say(f"| {total:,} | {label} | {p50:.1f} | {p95:.1f} | {len(queries)} |")

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (size,) = cursor.fetchone()
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) "
            "FROM pg_catalog.pg_statio_user_tables "
            "ORDER BY pg_total_relation_size(relid) DESC LIMIT 3"
        )
        largest = ", ".join(f"{name} {table_size}" for name, table_size in cursor)
        # The figures depend on it: with the default 128 MB, a search's matches
        # come from the operating system's cache rather than PostgreSQL's.
        cursor.execute("SHOW shared_buffers")
        (shared_buffers,) = cursor.fetchone()
    say(
        f"| {total:,} | database size | {size} ({largest}); "
        f"shared_buffers {shared_buffers} | | |"
    )


if __name__ == "__main__":
    main()
