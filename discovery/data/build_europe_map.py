"""Build discovery/data/europe.json from the npm package world-atlas.

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    DJANGO_SETTINGS_MODULE=wecd_portal.settings \\
        .venv/bin/python discovery/data/build_europe_map.py package/countries-50m.json

world-atlas (ISC, Mike Bostock) packages Natural Earth's 1:50m admin-0
boundaries (public domain). The script decodes its TopoJSON, projects the
polygons with a Lambert azimuthal equal-area projection centred on Europe (as
EPSG:3035), keeps those in the frame, simplifies them and writes one SVG path
per country, keyed by ISO 3166-1 alpha-2 code. The portal serves that file as
it is: no request leaves the server.
"""

import json
import math
import sys

import django

WIDTH, HEIGHT = 1000, 860
CENTRE_LON, CENTRE_LAT = 10.0, 52.0
# The frame, in projected metres around the centre.
X_MIN, X_MAX = -2_900_000, 3_300_000
Y_MIN, Y_MAX = -2_450_000, 2_900_000
TOLERANCE = 1.2  # in output pixels (Douglas-Peucker)
R = 6_371_000


def project(lon, lat):
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(
        2
        / (
            1
            + math.sin(phi0) * math.sin(phi)
            + math.cos(phi0) * math.cos(phi) * math.cos(lam)
        )
    )
    x = R * k * math.cos(phi) * math.sin(lam)
    y = (
        R
        * k
        * (
            math.cos(phi0) * math.sin(phi)
            - math.sin(phi0) * math.cos(phi) * math.cos(lam)
        )
    )
    return (
        (x - X_MIN) / (X_MAX - X_MIN) * WIDTH,
        (Y_MAX - y) / (Y_MAX - Y_MIN) * HEIGHT,
    )


def decode_arcs(topology):
    scale, translate = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points, tolerance):
    if len(points) < 4:
        return points
    first, last = points[0], points[-1]
    dx, dy = last[0] - first[0], last[1] - first[1]
    norm = math.hypot(dx, dy) or 1e-9
    farthest, index = 0.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        distance = abs(dy * (px - first[0]) - dx * (py - first[1])) / norm
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [first, last]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(
        points[index:], tolerance
    )


def in_frame(points):
    return any(-50 < x < WIDTH + 50 and -50 < y < HEIGHT + 50 for x, y in points)


def path_of(polygons):
    parts = []
    for rings in polygons:
        for points in rings:
            # A ring starts and ends on the same point: simplify its two halves.
            half = len(points) // 2
            points = simplify(points[: half + 1], TOLERANCE)[:-1] + simplify(
                points[half:], TOLERANCE
            )
            if len(points) < 4:
                continue
            coords = " ".join(f"{x:.0f},{y:.0f}" for x, y in points[:-1])
            parts.append(f"M{coords}Z")
    return "".join(parts)


def label_point(polygons):
    """The centroid of the largest outer ring, where the count is written."""
    best, best_area = None, -1.0
    for rings in polygons:
        points = rings[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area and area:
            best_area = abs(area)
            best = (round(cx / (3 * area)), round(cy / (3 * area)))
    return best


def main(source):
    django.setup()
    from django_countries import countries

    topology = json.load(open(source))
    arcs = decode_arcs(topology)
    shapes, labels = {}, {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = countries.alpha2(geometry.get("id") or "")
        if not code:
            continue
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        projected = []
        for polygon in polygons:
            rings = [[project(*p) for p in ring(r, arcs)] for r in polygon]
            if in_frame(rings[0]):
                projected.append(rings)
        path = path_of(projected)
        if path:
            shapes[code] = path
            labels[code] = label_point(projected)
    output = {
        "source": "world-atlas 2 (ISC) from Natural Earth 1:50m (public domain)",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": dict(sorted(shapes.items())),
        "labels": dict(sorted(labels.items())),
    }
    with open("discovery/data/europe.json", "w") as file:
        json.dump(output, file, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
