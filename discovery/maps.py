"""The map of Europe: shapes shipped in data/europe.json, counts from the database.

See data/build_europe_map.py for where the shapes come from (world-atlas,
Natural Earth, public domain) and how they are made.
"""

import functools
import json
from pathlib import Path

from django.db.models import Count
from django_countries import countries

from practices.models import Practice

MAP_FILE = Path(__file__).parent / "data" / "europe.json"
# Fill classes by number of practices: 1, 2–4, 5–9, 10 or more.
STEPS = [(10, "map-4"), (5, "map-3"), (2, "map-2"), (1, "map-1")]


@functools.cache
def europe():
    with MAP_FILE.open() as file:
        return json.load(file)


def _step(count):
    return next((name for floor, name in STEPS if count >= floor), "map-empty")


def country_counts():
    """Return {country code: number of published practices} (1 query)."""
    return dict(
        Practice.objects.published()
        .exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )


def region_counts():
    """Return (country, region, NUTS 2 code, count) rows, largest first (1 query).

    The NUTS 2 code is the first four characters of the practices' NUTS code,
    where the practice gives one.
    """
    rows = (
        Practice.objects.published()
        .exclude(region="")
        .order_by()
        .values_list("country", "region", "nuts_code")
        .annotate(n=Count("pk"))
    )
    merged = {}
    for country, region, nuts, n in rows:
        key = (country, region)
        code, total = merged.get(key, ("", 0))
        merged[key] = (code or nuts[:4], total + n)
    return sorted(
        (
            (country, region, code, total)
            for (country, region), (code, total) in merged.items()
        ),
        key=lambda row: (-row[3], row[0], row[1]),
    )


def map_areas(counts, highlight=None):
    """Return the areas to draw, with their shape, name, count and fill class."""
    data = europe()
    areas = []
    for code, path in data["countries"].items():
        count = counts.get(code, 0)
        label = data["labels"].get(code)
        areas.append(
            {
                "code": code,
                "name": countries.name(code) or code,
                "path": path,
                "count": count,
                "step": "map-here" if code == highlight else _step(count),
                "label_x": label[0] if label else None,
                "label_y": label[1] if label else None,
            }
        )
    return areas


def has_shape(code):
    return code in europe()["countries"]
