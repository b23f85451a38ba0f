#!/usr/bin/env bash
# make bench-mixed: a realistic load on PostgreSQL and Redis with SIZE practices
# (100,000 by default; the database wecd_capacity_<SIZE> is shared with
# bench-capacity, created and seeded if missing, kept for the next run).
#
# wrk reads 1,000 practices with a Zipf popularity, 90 % anonymous and 10 %
# signed in, with a few searches and lists (bench/mixed_plan.py), while
# bench/mixed_edits.py publishes one edit a second through the portal's own
# services. Each round measures the shared reference page (../shared/perf's
# baseline) and then the mixed load, ROUNDS times; medians are reported as
# ratios. The hit rate counts the responses the page cache answered
# (X-Page-Cache: hit, or stale: a list kept from before an edit, served while
# one request renders it again) among those it could have (or miss).
#
# With Debian's nginx installed (make nginx), each round also runs the same
# load through nginx with deploy/nginx/'s 5-second micro-cache in front of the
# same app servers, as deployed; its hits (X-Cache: HIT, STALE, UPDATING)
# count as hits too. Set EDGE=0 to leave it out.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
SIZE=${SIZE:-100000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
CONC=${CONC:-8}
PORT=${PORTAL_PORT:-8124}
REF_PORT=${BASELINE_PORT:-8199}
PERF=../shared/perf
mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
plan="bench/results/mixed-plan-$stamp.txt"
out="bench/results/mixed-$stamp.md"

export DATABASE_URL="$PG/wecd_capacity_$SIZE"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}
export DJANGO_CACHE_KEY_PREFIX="mixed-$stamp" DJANGO_DEBUG=0
.venv/bin/python - "$PG/postgres" "wecd_capacity_$SIZE" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[2]]).fetchone():
        connection.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo -v0
# Resumable: seeds only what is missing.
.venv/bin/python manage.py seed_synthetic --count "$SIZE" -v1
.venv/bin/python manage.py shell -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
.venv/bin/python bench/mixed_plan.py "$plan"

# The reference: the shared baseline, set up once by its own script.
DURATION=1 ROUNDS=1 WARMUP=1 CONC=1 FLOORS=0 bash "$PERF/bench.sh" >/dev/null 2>&1 || true
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done' EXIT
setsid "$PERF/.venv/bin/gunicorn" --chdir "$PERF/baseline" -w "$(nproc)" -k sync \
    -b "127.0.0.1:$REF_PORT" --log-level warning baseline_site.wsgi:application &
pids+=($!)
# GUNICORN_ARGS: how the app servers run (deploy/systemd/wecd-portal-web.service).
setsid .venv/bin/gunicorn wecd_portal.wsgi --bind "127.0.0.1:$PORT" \
    --workers "${WORKERS:-$(nproc)}" ${GUNICORN_ARGS:-} \
    --error-logfile bench/results/mixed-portal.log &
pids+=($!)
for url in "http://127.0.0.1:$REF_PORT/ping/" "http://127.0.0.1:$PORT/"; do
    for _ in $(seq 150); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.2; done
done
edge=""
if [ "${EDGE:-1}" != 0 ] && command -v nginx >/dev/null; then
    EDGE_PORT=${EDGE_PORT:-8125}
    root="$PWD/bench/results/nginx-$stamp"
    mkdir -p "$root/cache"
    sed "s|/var/cache/nginx/wecd-portal|$root/cache|" deploy/nginx/cache-zone.conf >"$root/zone.conf"
    cat >"$root/nginx.conf" <<NGINX
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $root/nginx.pid;
error_log $root/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $root/body;
    proxy_temp_path $root/proxy;
    fastcgi_temp_path $root/fastcgi;
    uwsgi_temp_path $root/uwsgi;
    scgi_temp_path $root/scgi;
    include $root/zone.conf;
    upstream wecd_portal { server 127.0.0.1:$PORT; keepalive 8; }
    server {
        listen 127.0.0.1:$EDGE_PORT;
        location / { include $PWD/deploy/nginx/proxy.conf; }
    }
}
NGINX
    setsid nginx -p "$root" -c "$root/nginx.conf" -g "daemon off;" &
    pids+=($!)
    edge="http://127.0.0.1:$EDGE_PORT"
    for _ in $(seq 50); do curl -fsS -o /dev/null "$edge/" 2>/dev/null && break; sleep 0.2; done
fi
export BENCH_COOKIE
BENCH_COOKIE=$(.venv/bin/python bench/login.py "http://127.0.0.1:$PORT" reader@example.org wecd-demo-2026)
setsid .venv/bin/python bench/mixed_edits.py "${plan%.txt}.slugs" >bench/results/mixed-edits.log 2>&1 &
edits_pid=$!
pids+=($edits_pid)

reference="bench/results/mixed-reference-$stamp.txt"
echo "A /practices/baseline-article/" >"$reference"
measure() {  # measure PLAN BASE
    MIXED_PLAN="$1" wrk -t2 -c"$CONC" -d"${DURATION}s" --timeout 30s -s bench/mixed.lua "$2" | tail -1
}
# Warm-up: the caches as a running portal has them. Each practice read is
# visited once anonymously and once signed in (pages and public text are in the
# shared cache), directly and through nginx (which sends another Host), then
# the plan runs for a while each way.
echo "warming up" >&2
slugs="${plan%.txt}.slugs"
for base in "http://127.0.0.1:$PORT" $edge; do
    for kind in anonymous signed-in; do
        header=$([ "$kind" = signed-in ] && echo "Cookie: $BENCH_COOKIE" || echo "X-Warm-Up: 1")
        sed "s|.*|$base/practices/&/|" "$slugs" |
            xargs -P 4 -I{} curl -s -o /dev/null -H "$header" {}
    done
    MIXED_PLAN="$plan" wrk -t2 -c"$CONC" -d"${WARMUP:-30}s" --timeout 30s -s bench/mixed.lua "$base" >/dev/null
done
: >"bench/results/mixed-rounds-$stamp.jsonl"
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    printf '{"round": %d, "reference": %s, "mixed": %s, "edge": %s}\n' "$round" \
        "$(measure "$reference" "http://127.0.0.1:$REF_PORT")" \
        "$(measure "$plan" "http://127.0.0.1:$PORT")" \
        "$([ -n "$edge" ] && measure "$plan" "$edge" || echo null)" >>"bench/results/mixed-rounds-$stamp.jsonl"
done
kill -TERM -- "-$edits_pid" 2>/dev/null || true
sleep 1
edits=$(tail -1 bench/results/mixed-edits.log)

.venv/bin/python - "bench/results/mixed-rounds-$stamp.jsonl" "$out" "$SIZE" "$edits" "$CONC" <<'PY'
import json, re, statistics, sys
from datetime import datetime, timezone
from pathlib import Path
rounds = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines()]
size, edits, conc = int(sys.argv[3]), sys.argv[4], sys.argv[5]
sides = ["mixed"] + (["edge"] if all(r.get("edge") for r in rounds) else [])
def med(side, key):
    return statistics.median(r[side][key] for r in rounds)
def rps(side):
    return statistics.median(r[side]["requests"] / r[side]["seconds"] for r in rounds)
def total(side, *keys):
    return sum(r[side][key] for r in rounds for key in keys)
def cells(figure):
    return " | ".join(figure(side) for side in sides)
def hit_rate(side):
    hits = total(side, "hits", "stale")
    cacheable = hits + total(side, "misses")
    signed = total(side, "signed_misses")
    return (
        f"{hits / cacheable:.1%} of {cacheable:,} ({total(side, 'stale') / cacheable:.1%} "
        f"stale; misses: {signed:,} signed in, {cacheable - hits - signed:,} anonymous)"
    )
ref = {"rps": rps("reference"), "p50": med("reference", "p50_ms"), "p95": med("reference", "p95_ms")}
header = "| measure | " + " | ".join(
    {"mixed": "app servers alone", "edge": "through nginx (deploy/nginx/)"}[side] for side in sides
) + " | reference page | target |"
table = f"""Mixed load, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC: {size:,} practices on PostgreSQL and Redis, c={conc}, {len(rounds)} rounds (medians), {edits} published meanwhile (one a second). Ratios are to the reference page measured in the same rounds.

{header}
|---|{"---:|" * len(sides)}---:|---|
| throughput (req/s) | {cells(lambda s: f"{rps(s):.0f} ({rps(s) / ref['rps']:.2f}x)")} | {ref['rps']:.0f} | at least 4x |
| p50 (ms) | {cells(lambda s: f"{med(s, 'p50_ms'):.1f} ({med(s, 'p50_ms') / ref['p50']:.2f}x)")} | {ref['p50']:.1f} | |
| p95 (ms) | {cells(lambda s: f"{med(s, 'p95_ms'):.1f} ({med(s, 'p95_ms') / ref['p95']:.2f}x)")} | {ref['p95']:.1f} | at most 1x |
| cache hit rate | {cells(hit_rate)} | | at least 95 % |
| errors (non-2xx, socket) | {cells(lambda s: str(total(s, "non2xx", "socket_errors")))} | | 0 |"""
Path(sys.argv[2]).write_text(table + "\n")
print(table)
readme = Path("README.md")
text = readme.read_text()
block = f"<!-- bench:mixed -->\n{table}\n<!-- /bench:mixed -->"
if "<!-- bench:mixed -->" in text:
    text = re.sub(r"<!-- bench:mixed -->.*?<!-- /bench:mixed -->", lambda m: block, text, flags=re.S)
    readme.write_text(text)
PY
