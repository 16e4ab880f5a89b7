"""The EU emblem drawn from its geometric description (core/emblem.py), checked on the
SVG that the pages carry: twelve upright five-pointed stars on a circle of a third of
the height, each star's points on a circle of an eighteenth of the height."""

import math
import re

import pytest
from django.template import Context, Template

STAR = re.compile(r"M([^Z]+)Z")


def rendered_svg(height=48):
    template = Template("{% load emblem %}{% eu_emblem height=" + str(height) + " %}")
    return template.render(Context())


def parse(svg):
    box = [float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]
    path = re.search(r'<path fill="(#[0-9A-F]{6})" d="([^"]+)"', svg)
    stars = []
    for sub in STAR.findall(path.group(2)):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", sub)]
        stars.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return box, path.group(1), stars


def test_the_flag_is_reflex_blue_three_by_two():
    svg = rendered_svg()
    box, yellow, _stars = parse(svg)
    width, height = box[2], box[3]
    assert width / height == 1.5
    assert f'<rect width="{width:g}" height="{height:g}" fill="#003399"/>' in svg
    assert yellow == "#FFCC00"
    # Shown at the height asked for, in the same proportions.
    assert 'width="72" height="48"' in svg
    assert 'width="90" height="60"' in rendered_svg(60)


def test_twelve_upright_stars_at_the_hours_of_a_clock_on_a_third_of_the_height():
    box, _yellow, stars = parse(rendered_svg())
    height = box[3]
    cx, cy = box[2] / 2, height / 2
    assert len(stars) == 12
    angles = []
    for corners in stars:
        assert len(corners) == 10  # five points, five inner corners
        points = corners[::2]
        sx = sum(x for x, _ in points) / 5
        sy = sum(y for _, y in points) / 5
        # The star stands on the invisible circle (radius: a third of the height) …
        assert math.dist((sx, sy), (cx, cy)) == pytest.approx(height / 3, abs=0.02)
        # … and its points lie on a circle of an eighteenth of the height.
        for point in points:
            assert math.dist(point, (sx, sy)) == pytest.approx(height / 18, abs=0.02)
        # Upright: the first point straight above the star's centre.
        top = points[0]
        assert top[0] == pytest.approx(sx, abs=0.02)
        assert top[1] == pytest.approx(sy - height / 18, abs=0.02)
        assert min(y for _, y in points) == top[1]
        # The inner corners of a regular star: 0.382 of the radius.
        for inner in corners[1::2]:
            assert math.dist(inner, (sx, sy)) == pytest.approx(height / 18 * 0.382, abs=0.05)
        angles.append(math.degrees(math.atan2(sx - cx, cy - sy)) % 360)
    assert sorted(round(a, 3) % 360 for a in angles) == [hour * 30 for hour in range(12)]


def test_the_emblem_is_decorative_beside_its_text_and_has_no_inline_style():
    svg = rendered_svg()
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    assert "style" not in svg
    assert "<title" not in svg
