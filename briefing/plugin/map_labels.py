"""Where a locator map writes each place's name: beside its dot, never over another name or dot.

Trial case: the seed briefing names Minsk and Brest, 350 km apart; on its
locator the two names were drawn over each other. Labels are placed greedily
(Imhof's rules as cartographic label placers apply them): each place in turn,
in the briefing's order, tries a fixed list of positions around its dot, the
preferred first (right of the dot, then left, above, below, then the
diagonals), and takes the first whose box stays inside the map and meets no
dot and no name already placed. A name with no free position is left off the
map; the place stays in the key facts' list of places and in the map's
accessible name, and its dot carries the name as a tooltip.

The build cannot measure text, so a name's box is estimated from its
characters at the label's font size with widths a little above those of a
wide bold sans (DejaVu Sans Bold, Debian's default), so the real box is
inside the estimate on any common font.
"""

from __future__ import annotations

import unicodedata

FONT_PX = 12
"""The labels' font size (``.locator .place-name`` in the stylesheet)."""
DOT_RADIUS = 3.5
DOT_CLEARANCE = 1.5
"""The dot's white outline, which a name must not cover either."""
GAP = 3
"""Space between a dot and its name."""
ASCENT, DESCENT = 0.98 * FONT_PX, 0.3 * FONT_PX
"""A text box as browsers measure it (the line box, not the glyphs): 12 px type, 15 px tall."""
NARROW = set("ijlrtf.,:;'!|() -")
WIDE = set("mwMW@%")
# (dx, dy, anchor) of the text's reference point (its baseline) from the dot, in the order they
# are tried: right, left, above, below, then above-right, below-right, above-left, below-left.
_SIDE = DOT_RADIUS + GAP
_CORNER = DOT_RADIUS + DOT_CLEARANCE + 0.5
POSITIONS = (
    (_SIDE, ASCENT / 2 - 1, "start"),
    (-_SIDE, ASCENT / 2 - 1, "end"),
    (0, -_SIDE - DESCENT, "middle"),
    (0, _SIDE + ASCENT, "middle"),
    (_CORNER, -_CORNER - DESCENT, "start"),
    (_CORNER, _CORNER + ASCENT, "start"),
    (-_CORNER, -_CORNER - DESCENT, "end"),
    (-_CORNER, _CORNER + ASCENT, "end"),
)


MERGE_DISTANCE = 2 * (DOT_RADIUS + DOT_CLEARANCE)
"""Dots closer than this (centre to centre, in pixels) would overlap: they are drawn as one."""


def merge_close_dots(points: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """``points`` with dots that would overlap drawn as one, named by all its places ("Warsaw, Pruszków").

    QA trial: on a world-wide locator two towns a few kilometres apart were one dot with
    one name, and the other place was nowhere on the map. A place joins the first dot
    (in the briefing's order) it would overlap; the dot stays where that first place is.
    """
    merged: list[list] = []
    for x, y, name in points:
        near = next((dot for dot in merged if (dot[0] - x) ** 2 + (dot[1] - y) ** 2 < MERGE_DISTANCE ** 2), None)
        if near is None:
            merged.append([x, y, [name]])
        elif name not in near[2]:
            near[2].append(name)
    return [(x, y, ", ".join(names)) for x, y, names in merged]


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """An upper estimate of ``text``'s width in pixels in a bold sans at ``font_px``."""
    width = 0.0
    for character in text:
        if unicodedata.east_asian_width(character) in ("W", "F"):
            width += 1.0
        elif character in NARROW:
            width += 0.42
        elif character in WIDE or character.isupper():
            width += 0.9
        else:
            width += 0.74
    return width * font_px


def label_box(x: float, y: float, width: float, anchor: str) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) of a label whose reference point is ``x, y`` (baseline)."""
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, y - ASCENT, left + width, y + DESCENT


def overlaps(a, b) -> bool:
    """Whether two boxes (left, top, right, bottom) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: list[tuple[float, float, str]], width: float, height: float) -> list[dict | None]:
    """For each ``(x, y, name)`` in order: ``{"x", "y", "anchor", "box"}`` of its label, or ``None`` if none fits."""
    reach = DOT_RADIUS + DOT_CLEARANCE
    taken = [(x - reach, y - reach, x + reach, y + reach) for x, y, _ in points]
    labels: list[dict | None] = []
    for x, y, name in points:
        size = text_width(name)
        chosen = None
        for dx, dy, anchor in POSITIONS:
            box = label_box(x + dx, y + dy, size, anchor)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(overlaps(box, other) for other in taken):
                chosen = {"x": round(x + dx, 1), "y": round(y + dy, 1), "anchor": anchor,
                          "box": tuple(round(v, 1) for v in box)}
                taken.append(box)
                break
        labels.append(chosen)
    return labels
