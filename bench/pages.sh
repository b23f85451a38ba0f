#!/usr/bin/env bash
# Page speed as ratios to the shared reference Django page and static file,
# measured side by side in one run by ../shared/perf/bench.sh (see its README).
# The portal is served exactly as `make run` serves it. Results go to
# bench/results/ and the table into README.md between the bench:pages markers.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORTAL_PORT:-8123}
BASE="http://127.0.0.1:$PORT"
SLUG=wallonia-european-creative-district
mkdir -p bench/results

if curl -fsS -o /dev/null "$BASE/" 2>/dev/null; then
    echo "port $PORT already answers; set PORTAL_PORT" >&2
    exit 1
fi
setsid make run PORT="$PORT" >bench/results/portal.log 2>&1 &
portal=$!
trap 'kill -TERM -- "-$portal" 2>/dev/null || true' EXIT
for _ in $(seq 150); do curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break; sleep 0.2; done

export BENCH_COOKIE
BENCH_COOKIE=$(.venv/bin/python bench/login.py "$BASE" reader@example.org wecd-demo-2026)
export PYTHONPATH="$PWD/bench/hook${PYTHONPATH:+:$PYTHONPATH}"

out="bench/results/pages-$(date +%Y%m%d-%H%M%S).md"
bash ../shared/perf/bench.sh \
    "$BASE/practices/$SLUG/" \
    "$BASE/practices/$SLUG/#signed-in" \
    "$BASE/" \
    "$BASE/practices/" \
    "$BASE/practices/?q=creative+industries&country=BE" \
    "$BASE/practices/?q=creative+industries&country=BE#signed-in" \
    "$@" | tee "$out"

# Keep the last figures in the README.
.venv/bin/python - "$out" <<'PY'
import re, sys
from pathlib import Path
table = Path(sys.argv[1]).read_text().strip()
readme = Path("README.md")
text = readme.read_text()
block = f"<!-- bench:pages -->\n{table}\n<!-- /bench:pages -->"
text = re.sub(r"<!-- bench:pages -->.*?<!-- /bench:pages -->", lambda m: block, text, flags=re.S)
readme.write_text(text)
PY
