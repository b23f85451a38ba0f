#!/usr/bin/env bash
# What each cache layer earns: one portal with every layer on and one per layer
# switched off (CACHE_LAYERS_OFF), all served as `make run` serves the portal,
# measured side by side in one run of ../shared/perf/bench.sh on the pages that
# layer serves. Prints, per layer and page, req/s with the layer on divided by
# req/s with it off, and keeps the table in docs/architecture.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SLUG=wallonia-european-creative-district
FIRST_PORT=${FIRST_PORT:-8130}
mkdir -p bench/results
export DJANGO_DEBUG=0
make demo static >/dev/null

# layer -> the pages it serves (a=anonymous, s=signed in)
declare -A PAGES=(
    [none]="a:/practices/$SLUG/ s:/practices/$SLUG/ a:/practices/?q=creative+industries&country=BE s:/practices/?q=creative+industries&country=BE s:/practices/ a:/"
    [pages]="a:/practices/$SLUG/ a:/practices/?q=creative+industries&country=BE"
    [page_text]="s:/practices/$SLUG/ s:/practices/?q=creative+industries&country=BE"
    [objects]="s:/practices/$SLUG/"
    [aggregates]="s:/practices/ a:/"
    [related]="s:/practices/$SLUG/"
    [memory]="a:/practices/$SLUG/ s:/practices/$SLUG/"
    [members]="s:/practices/$SLUG/ s:/practices/?q=creative+industries&country=BE"
)
ALL_LAYERS="none pages page_text objects aggregates related memory members"
# LAYERS="none members" measures some only; the table in docs/architecture.md is
# kept from a run of them all.
read -r -a LAYERS <<<"${LAYERS:-$ALL_LAYERS}"
[ "${LAYERS[0]}" = none ] || { echo "LAYERS must start with none" >&2; exit 2; }
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done' EXIT
urls=()
port=$FIRST_PORT
declare -A PORT_OF
for layer in "${LAYERS[@]}"; do
    off=$([ "$layer" = none ] && echo "" || echo "$layer")
    DJANGO_CACHE_LAYERS_OFF="$off" setsid .venv/bin/gunicorn wecd_portal.wsgi \
        --bind "127.0.0.1:$port" --workers "${WORKERS:-$(nproc)}" \
        --error-logfile "bench/results/layers-$layer.log" &
    pids+=($!)
    PORT_OF[$layer]=$port
    port=$((port + 1))
done
for layer in "${LAYERS[@]}"; do
    for _ in $(seq 150); do curl -fsS -o /dev/null "http://127.0.0.1:${PORT_OF[$layer]}/" 2>/dev/null && break; sleep 0.2; done
    for page in ${PAGES[$layer]}; do
        url="http://127.0.0.1:${PORT_OF[$layer]}${page#*:}"
        [ "${page%%:*}" = s ] && url="$url#signed-in"
        urls+=("$url")
    done
done
export BENCH_COOKIE
BENCH_COOKIE=$(.venv/bin/python bench/login.py "http://127.0.0.1:$FIRST_PORT" reader@example.org wecd-demo-2026)
out="bench/results/layers-$(date +%Y%m%d-%H%M%S).md"
CONC=${CONC:-8} DURATION=${DURATION:-5} ROUNDS=${ROUNDS:-3} FLOORS=0 \
    bash ../shared/perf/bench.sh "${urls[@]}" | tee "$out"

# Each layer's earnings: req/s of the same page on the all-on portal over this one.
KEEP=$([ "${LAYERS[*]}" = "$ALL_LAYERS" ] && echo 1 || echo 0) \
    .venv/bin/python - "$out" "$FIRST_PORT" "${LAYERS[@]}" <<'PY'
import os, re, sys
from pathlib import Path
out, first, layers = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
rows = {}
for line in out.read_text().splitlines():
    cells = [c.strip() for c in line.strip("|").split("|")]
    if len(cells) == 10 and cells[0] == "target":
        rows[cells[1]] = float(cells[4])
def port_of(layer):
    return first + layers.index(layer)
table = ["| layer off | page | req/s, all on | req/s, layer off | the layer earns |", "|---|---|---:|---:|---:|"]
for url, rps in rows.items():
    port = int(re.search(r":(\d+)/", url).group(1))
    layer = layers[port - first]
    if layer == "none":
        continue
    on = rows.get(url.replace(f":{port}/", f":{first}/"))
    page = url.split(str(port), 1)[1]
    table.append(f"| {layer} | {page} | {on:.0f} | {rps:.0f} | {on / rps - 1:+.0%} |")
text = "\n".join(table)
print(text)
out.write_text(out.read_text() + "\n" + text + "\n")
if os.environ["KEEP"] != "1":
    sys.exit(0)
doc = Path("docs/architecture.md")
block = f"<!-- bench:layers -->\n{text}\n<!-- /bench:layers -->"
content = doc.read_text()
if "<!-- bench:layers -->" in content:
    doc.write_text(re.sub(r"<!-- bench:layers -->.*?<!-- /bench:layers -->", lambda m: block, content, flags=re.S))
PY
