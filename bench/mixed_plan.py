"""Write the request plan of `make bench-mixed` (one request per line).

1,000 published practices read with a Zipf popularity (s = 1: the most read
practice is read twice as often as the second, ten times as often as the
tenth); 90 % anonymous, 10 % signed in; 3 % of requests are searches and 2 %
the list, home or map. Run with the benchmark's DATABASE_URL.
"""

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings")

import django  # noqa: E402

django.setup()

from practices.models import Practice  # noqa: E402

READ = 1000
LINES = 50_000
SEARCHES = [
    "/practices/?q=creative+hubs&country=IT",
    "/practices/?q=water&period=ongoing",
    "/practices/?q=digital+skills&sort=newest",
    "/practices/?q=tourism",
]
LISTS = ["/practices/", "/", "/discover/map/", "/fr/practices/"]


def main(out):
    rng = random.Random(2026)
    published = Practice.objects.published().order_by("pk")
    slugs = list(published.values_list("slug", flat=True)[:READ])
    weights = [1 / rank for rank in range(1, len(slugs) + 1)]
    pages = rng.choices(slugs, weights, k=LINES)
    lines = []
    for slug in pages:
        draw = rng.random()
        if draw < 0.03:
            path = rng.choice(SEARCHES)
        elif draw < 0.05:
            path = rng.choice(LISTS)
        else:
            path = f"/practices/{slug}/"
        lines.append(f"{'S' if rng.random() < 0.10 else 'A'} {path}")
    Path(out).write_text("\n".join(lines) + "\n")
    Path(out).with_suffix(".slugs").write_text("\n".join(slugs) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
