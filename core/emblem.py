"""The European Union emblem, drawn from its official geometric description.

The flag is a blue rectangle three units wide for two high. Twelve gold five-pointed
stars stand upright on an invisible circle centred on the flag, at the positions of
the hours on a clock face; the circle's radius is a third of the flag's height, and
each star's points lie on a circle whose radius is an eighteenth of the height.
Colours: Pantone Reflex Blue and Pantone Yellow, in the web palette the graphic
standards give for them: #003399 and #FFCC00 (RGB 255/204/0).

Sources: the emblem's graphic standards in Commission Implementing Regulation (EU)
No 821/2014, Annex II, which a 2014–2020 project such as Next2Met follows ([IR821] in
shared/reference/security-gdpr-a11y.md), and the Council of Europe's "Technical
characteristics of the European flag" (coe.int), which gives the same geometry and the
web colours word for word.
"""

import math
from dataclasses import dataclass
from functools import cache

REFLEX_BLUE = "#003399"
YELLOW = "#FFCC00"
STARS = 12
# Drawing units: a height of 540 keeps every radius a whole number (180 and 30).
HEIGHT = 540
WIDTH = HEIGHT * 3 // 2
# A regular five-pointed star: the inner corners lie on a circle of
# cos(72°)/cos(36°) ≈ 0.382 times the radius of the points.
INNER_RATIO = math.cos(math.radians(72)) / math.cos(math.radians(36))


@dataclass(frozen=True)
class Emblem:
    width: int
    height: int
    blue: str
    yellow: str
    stars_path: str  # one SVG path with a closed sub-path per star


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of an upright five-pointed star: a point first, straight up."""
    points = []
    for corner in range(10):
        r = radius if corner % 2 == 0 else radius * INNER_RATIO
        angle = math.radians(corner * 36)
        # SVG's y axis points down, so "up" is minus.
        points.append((cx + r * math.sin(angle), cy - r * math.cos(angle)))
    return points


def star_centres(height: float = HEIGHT) -> list[tuple[float, float]]:
    """Where the twelve stars stand: clock-hour positions, twelve o'clock first."""
    cx, cy, ring = height * 3 / 4, height / 2, height / 3
    angles = [math.radians(hour * 360 / STARS) for hour in range(STARS)]
    return [(cx + ring * math.sin(a), cy - ring * math.cos(a)) for a in angles]


def _number(value: float) -> str:
    # Two decimals are a hundredth of a drawing unit: far below a pixel at any size shown.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def emblem() -> Emblem:
    """The emblem's drawing, computed once per process."""
    subpaths = []
    for cx, cy in star_centres(HEIGHT):
        points = star_points(cx, cy, HEIGHT / 18)
        first, *rest = (f"{_number(x)} {_number(y)}" for x, y in points)
        subpaths.append(f"M{first}L{' '.join(rest)}Z")
    return Emblem(
        width=WIDTH, height=HEIGHT, blue=REFLEX_BLUE, yellow=YELLOW, stars_path="".join(subpaths)
    )
