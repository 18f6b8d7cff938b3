"""Distances and polygon helpers in generator/geo.py, on geometry with known answers."""

from __future__ import annotations

import math

import pytest

from generator import geo

SQUARE = [[[18.020, 59.333], [18.030, 59.333], [18.030, 59.337], [18.020, 59.337], [18.020, 59.333]]]


def test_one_hundredth_degree_of_latitude_is_1111_95_m():
    assert geo.distance_m([18.0, 59.0], [18.0, 59.01]) == pytest.approx(1111.95, abs=0.01)


def test_distance_is_symmetric_and_zero_to_itself():
    a, b = [18.02, 59.33], [18.07, 59.35]
    assert geo.distance_m(a, b) == pytest.approx(geo.distance_m(b, a))
    assert geo.distance_m(a, a) == 0


def test_longitude_shrinks_with_cos_latitude():
    # 0.01° of longitude at 60° N is half of 0.01° at the equator.
    assert geo.distance_m([18.0, 60.0], [18.01, 60.0]) == pytest.approx(1111.95 / 2, rel=1e-4)


def test_point_inside_polygon_is_zero():
    assert geo.point_in_polygon([18.025, 59.335], SQUARE)
    assert geo.distance_to_polygon_m([18.025, 59.335], SQUARE) == 0


def test_point_east_of_edge_at_59_33():
    # 0.005° east of the east edge (lon 18.030), level with the middle of it.
    d = geo.distance_to_polygon_m([18.035, 59.335], SQUARE)
    assert d == pytest.approx(284, abs=1.5)
    assert d == pytest.approx(0.005 * math.pi / 180 * geo.EARTH_RADIUS_M * math.cos(math.radians(59.335)), rel=1e-3)


def test_point_north_of_polygon_measures_to_the_edge_not_a_vertex():
    assert geo.distance_to_polygon_m([18.025, 59.347], SQUARE) == pytest.approx(1111.95, abs=0.5)


def test_point_beyond_a_corner_measures_to_the_corner():
    corner = [18.030, 59.337]
    p = [18.035, 59.340]
    assert geo.distance_to_polygon_m(p, SQUARE) == pytest.approx(geo.distance_m(p, corner), rel=1e-4)


def test_hole_is_outside():
    hole = [[18.024, 59.334], [18.024, 59.336], [18.026, 59.336], [18.026, 59.334], [18.024, 59.334]]
    rings = SQUARE + [hole]
    assert not geo.point_in_polygon([18.025, 59.335], rings)
    assert geo.distance_to_polygon_m([18.025, 59.335], rings) > 0


def test_distance_to_geometry_point_and_polygon():
    assert geo.distance_to_geometry_m([18.0, 59.0], "Point", [18.0, 59.01]) == pytest.approx(1111.95, abs=0.01)
    assert geo.distance_to_geometry_m([18.025, 59.335], "Polygon", SQUARE) == 0
    with pytest.raises(ValueError):
        geo.distance_to_geometry_m([18.0, 59.0], "LineString", [])


def test_oriented_makes_exterior_ccw_and_holes_cw():
    clockwise = [list(reversed(SQUARE[0]))]
    assert geo.signed_area(clockwise[0]) < 0
    fixed = geo.oriented(clockwise)
    assert geo.signed_area(fixed[0]) > 0
    hole_ccw = [[18.024, 59.334], [18.026, 59.334], [18.026, 59.336], [18.024, 59.336], [18.024, 59.334]]
    assert geo.signed_area(geo.oriented(SQUARE + [hole_ccw])[1]) < 0


@pytest.mark.parametrize("kind, coords", [("Point", [18.0, 59.36]), ("Polygon", SQUARE)])
def test_buffer_ring_is_500_m_from_the_shape(kind, coords):
    ring = geo.buffer_ring(kind, coords, 500)
    assert ring[0] == ring[-1] and len(ring) >= 4
    assert geo.signed_area(ring) > 0
    for p in ring[:-1]:
        assert geo.distance_to_geometry_m(p, kind, coords) == pytest.approx(500, abs=3)
