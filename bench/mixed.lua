-- wrk script for make bench-mixed: reads the request plan written by
-- bench/mixed_plan.py (one line per request: "A <path>" anonymous, "S <path>"
-- signed in), counts the page cache's answers (X-Page-Cache: hit, stale, miss)
-- and prints one JSON line with the figures.
local plan = {}
local cookie = os.getenv("BENCH_COOKIE") or ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("MIXED_PLAN")) do
    table.insert(plan, line)
  end
  hits, stale, misses, errors, signed, signed_misses = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  local line = plan[math.random(#plan)]
  local kind, path = line:sub(1, 1), line:sub(3)
  if kind == "S" then
    signed = signed + 1
    return wrk.format("GET", path, { ["Cookie"] = cookie })
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status >= 400 then errors = errors + 1 end
  -- Through nginx (make bench-mixed's second load), its micro-cache answers
  -- first: X-Cache HIT, or STALE and UPDATING (an expired copy served while
  -- one request renews it).
  local edge = headers["X-Cache"]
  if edge == "HIT" then hits = hits + 1; return end
  if edge == "STALE" or edge == "UPDATING" then stale = stale + 1; return end
  local state = headers["X-Page-Cache"]
  if state == "hit" then hits = hits + 1
  elseif state == "stale" then stale = stale + 1
  elseif state == "miss" then
    misses = misses + 1
    -- Signed-in pages are the private ones.
    if (headers["Cache-Control"] or ""):find("private") then signed_misses = signed_misses + 1 end
  end
end

function done(summary, latency, requests)
  local h, st, m, sm, e, s = 0, 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); st = st + thread:get("stale"); m = m + thread:get("misses")
    sm = sm + thread:get("signed_misses")
    e = e + thread:get("errors"); s = s + thread:get("signed")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "hits": %d, "stale": %d, "misses": %d, "signed_misses": %d, "errors": %d, "non2xx": %d, "socket_errors": %d, "signed_in": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, h, st, m, sm, e, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, s))
end
