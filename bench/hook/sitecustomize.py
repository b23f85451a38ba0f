"""Let the shared benchmark driver measure a signed-in page.

`../shared/perf/bench.py` runs wrk with no way to send a cookie. Loaded through
PYTHONPATH by `bench/pages.sh`, this adds the reader's session cookie to the wrk
runs of URLs that end with ``#signed-in`` (wrk never sends the fragment).
"""

import os
import subprocess

_run = subprocess.run
COOKIE = os.environ.get("BENCH_COOKIE", "")


def run(cmd, *args, **kwargs):
    if (
        COOKIE
        and isinstance(cmd, list)
        and cmd
        and cmd[0] == "wrk"
        and cmd[-1].endswith("#signed-in")
    ):
        cmd = [*cmd[:-1], "-H", f"Cookie: {COOKIE}", cmd[-1].removesuffix("#signed-in")]
    return _run(cmd, *args, **kwargs)


subprocess.run = run
