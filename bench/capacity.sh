#!/usr/bin/env bash
# Capacity figures at 1,000, 10,000, 100,000 and 300,000 practices, each in its
# own PostgreSQL database (created if missing, kept for the next run: seeding is
# resumable, in batches), written to bench/results/capacity-<time>.md. A million
# (SIZES="1000000") takes about an hour of seeding on this 2-core machine; see
# docs/capacity.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
SIZES=${SIZES:-1000 10000 100000 300000}
mkdir -p bench/results
out="bench/results/capacity-$(date +%Y%m%d-%H%M%S).md"
{
    echo "Capacity run, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; times in ms, in-process (Django test client), 40 runs each."
    echo
    echo "| practices | measure | p50 | p95 | queries |"
    echo "|---:|---|---:|---:|---:|"
} >"$out"
for size in $SIZES; do
    db="wecd_capacity_$size"
    .venv/bin/python - "$PG/postgres" "$db" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[2]]).fetchone():
        connection.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
    DJANGO_DEBUG=0 BENCH_PRACTICES=$size DATABASE_URL="$PG/$db" \
        .venv/bin/python bench/capacity.py | tee -a "$out"
done
echo "written to $out"
