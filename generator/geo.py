"""Geometry on the sphere, small and pure: distances in metres between [lon, lat] positions.

Positions are GeoJSON order, [longitud, latitud] in WGS84. Distances use a sphere with the mean
Earth radius; for the short distances a map page needs (metres to a few kilometres) the error
against the ellipsoid is well below one percent.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius

Pos = Sequence[float]  # [lon, lat]
Ring = Sequence[Pos]


def distance_m(a: Pos, b: Pos) -> float:
    """Great-circle (haversine) distance in metres between two [lon, lat] positions."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _to_plane(origin: Pos, p: Pos) -> tuple[float, float]:
    """Local equirectangular metres around origin (good to well under 0.1 % within a few km)."""
    k = math.pi / 180 * EARTH_RADIUS_M
    return ((p[0] - origin[0]) * k * math.cos(math.radians(origin[1])), (p[1] - origin[1]) * k)


def _from_plane(origin: Pos, x: float, y: float) -> tuple[float, float]:
    k = math.pi / 180 * EARTH_RADIUS_M
    return (origin[0] + x / (k * math.cos(math.radians(origin[1]))), origin[1] + y / k)


def segment_distance_m(p: Pos, a: Pos, b: Pos) -> float:
    """Distance in metres from p to the segment a–b: the closest point is found in a plane around
    p, and the distance to it is measured on the sphere."""
    ax, ay = _to_plane(p, a)
    bx, by = _to_plane(p, b)
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return distance_m(p, _from_plane(p, ax + t * dx, ay + t * dy))


def point_in_ring(p: Pos, ring: Ring) -> bool:
    """Even-odd ray casting; a point exactly on the edge may count as either."""
    x, y = p[0], p[1]
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def point_in_polygon(p: Pos, rings: Sequence[Ring]) -> bool:
    """Inside the exterior ring (rings[0]) and outside every hole (rings[1:])."""
    return bool(rings) and point_in_ring(p, rings[0]) and not any(point_in_ring(p, h) for h in rings[1:])


def distance_to_polygon_m(p: Pos, rings: Sequence[Ring]) -> float:
    """0 inside the polygon; otherwise the distance to the nearest edge of any ring."""
    if point_in_polygon(p, rings):
        return 0.0
    return min(segment_distance_m(p, ring[i], ring[i + 1]) for ring in rings for i in range(len(ring) - 1))


def distance_to_geometry_m(p: Pos, geometry_type: str, coordinates) -> float:
    """Distance from p to a GeoJSON Point or Polygon, given as type and coordinates."""
    if geometry_type == "Point":
        return distance_m(p, coordinates)
    if geometry_type == "Polygon":
        return distance_to_polygon_m(p, coordinates)
    raise ValueError(f"okänd geometri: {geometry_type}")


def signed_area(ring: Ring) -> float:
    """Shoelace area in degrees²: positive when the ring runs counter-clockwise (lon east, lat north)."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def oriented(rings: Sequence[Ring]) -> list[list[list[float]]]:
    """RFC 7946 right-hand rule: exterior ring counter-clockwise, holes clockwise."""
    out: list[list[list[float]]] = []
    for i, original in enumerate(rings):
        ring = [[float(c) for c in p] for p in original]
        ccw = signed_area(ring) > 0
        if ccw != (i == 0):
            ring.reverse()
        out.append(ring)
    return out


def centroid(geometry_type: str, coordinates) -> tuple[float, float]:
    """The point itself, or the mean of a polygon's exterior vertices (without the closing one)."""
    if geometry_type == "Point":
        return (coordinates[0], coordinates[1])
    ring = coordinates[0][:-1]
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def buffer_ring(geometry_type: str, coordinates, radius_m: float, steps: int = 72) -> list[list[float]]:
    """A closed, counter-clockwise ring around everything within radius_m of the geometry.

    A point gives a circle. A polygon gives its convex hull grown by radius_m (the Minkowski sum
    with a disc, sampled in `steps` directions): exact for convex areas, a little generous for
    concave ones. Computed in a local plane around the centroid."""
    origin = centroid(geometry_type, coordinates)
    hull = [(0.0, 0.0)] if geometry_type == "Point" else _convex_hull([_to_plane(origin, p) for p in coordinates[0]])
    # Metres to degrees around the origin, once per ring rather than once per vertex (_from_plane).
    per_lat = math.pi / 180 * EARTH_RADIUS_M
    per_lon = per_lat * math.cos(math.radians(origin[1]))
    ring = []
    for ux, uy in _directions(steps):
        vx, vy = hull[0] if len(hull) == 1 else max(hull, key=lambda v: v[0] * ux + v[1] * uy)
        x, y = vx + radius_m * ux, vy + radius_m * uy
        ring.append([round(origin[0] + x / per_lon, 6), round(origin[1] + y / per_lat, 6)])
    ring.append(ring[0])
    return ring


@functools.lru_cache(maxsize=4)
def _directions(steps: int) -> tuple[tuple[float, float], ...]:
    """Unit vectors at `steps` equal angles from east, counter-clockwise (the same for every ring)."""
    return tuple((math.cos(2 * math.pi * i / steps), math.sin(2 * math.pi * i / steps)) for i in range(steps))


def rounded(coordinates, digits: int = 6):
    """Positions rounded to 6 decimals (about 0.1 m): more would only pretend to a precision we lack."""
    if isinstance(coordinates[0], (int, float)):
        return [round(float(coordinates[0]), digits), round(float(coordinates[1]), digits)]
    return [rounded(c, digits) for c in coordinates]


def geojson_geometry(geometry_type: str, coordinates) -> dict:
    """RFC 7946 geometry for maps and open data alike: [lon, lat], exterior rings counter-clockwise."""
    if geometry_type == "Polygon":
        coordinates = oriented(coordinates)
    return {"type": geometry_type, "coordinates": rounded(coordinates)}


def positions(geometry_type: str, coordinates) -> list:
    """The positions that outline a shape: the point itself, or the exterior ring."""
    return [coordinates] if geometry_type == "Point" else list(coordinates[0])


def bounds(points) -> list[list[float]] | None:
    """Leaflet bounds [[south, west], [north, east]] around [lon, lat] positions."""
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[round(min(lats), 6), round(min(lons), 6)], [round(max(lats), 6), round(max(lons), 6)]]
