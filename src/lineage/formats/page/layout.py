"""Where each paper sits on the page: history left to right, one horizontal lane per topic.

Years become columns (only years that have papers, so a sparse past does not eat the page),
a paper's first topic picks its lane, and inside one (lane, year) cell the papers fill a small
grid in date order. Everything is computed here, in Python, so the browser draws a stable
picture at once with physics off.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ...model import TOPICS, Paper

__all__ = ["Layout", "layout", "lane_of", "OTHER_LANE"]

#: The lane of papers without a topic.
OTHER_LANE = "other"

SLOT_WIDTH = 150    # horizontal room per paper (its label wraps at 130 px)
ROW_HEIGHT = 100    # vertical room per paper (dot plus up to two label lines)
YEAR_GAP = 44       # blank space between two year columns
LANE_GAP = 12       # blank space between two lanes
MAX_ROWS = 2        # papers of one topic and year stack at most this high ...
MAX_PER_COLUMN = 6  # ... and a year gets another column per this many papers

@dataclass(frozen=True)
class Layout:
    """Positions in canvas pixels, plus the axes to draw behind them.

    ``years`` holds ``(year, x_left, x_right)`` for every column, ``lanes`` holds
    ``(topic, y_top, y_bottom)`` for every lane, top to bottom.
    """

    positions: dict[str, tuple[float, float]]
    years: tuple[tuple[int, float, float], ...]
    lanes: tuple[tuple[str, float, float], ...]


def lane_of(paper: Paper) -> str:
    """The lane a paper is drawn in: its first topic (the curated graph lists the main one first)."""
    return paper.topics[0] if paper.topics else OTHER_LANE


def layout(papers: Iterable[Paper]) -> Layout:
    """Lay out ``papers``: x by year (then month), y by topic lane.

    Deterministic: the result depends only on the papers, not on their order.

    >>> a = Paper("a", "A", ("X",), 2017, topics=("architecture",))
    >>> b = Paper("b", "B", ("Y",), 2018, topics=("architecture",))
    >>> pos = layout([b, a]).positions
    >>> pos["a"][0] < pos["b"][0], pos["a"][1] == pos["b"][1]
    (True, True)
    """
    papers = sorted(papers, key=lambda p: p.sort_key)
    cells: dict[tuple[str, int], list[Paper]] = defaultdict(list)
    for paper in papers:
        cells[lane_of(paper), paper.year].append(paper)
    years = sorted({p.year for p in papers})
    rank = {t: i for i, t in enumerate((*TOPICS, OTHER_LANE))}
    lanes = sorted({lane for lane, _ in cells}, key=lambda t: (rank.get(t, len(rank)), t))

    # A busy year gets several columns, so that no (lane, year) cell stacks more than
    # MAX_ROWS high and no column holds more than about MAX_PER_COLUMN papers. A big graph
    # allows taller cells and columns (growing with the square root of its size), so the
    # page stays about twice as wide as high instead of becoming one very long strip.
    grow = max(1.0, math.sqrt(len(papers) / 150))
    max_rows, per_column = round(MAX_ROWS * grow), round(MAX_PER_COLUMN * grow)
    columns = {}
    for y in years:
        busiest = max(len(cells.get((lane, y), ())) for lane in lanes)
        total = sum(len(cells.get((lane, y), ())) for lane in lanes)
        columns[y] = max(1, math.ceil(busiest / max_rows), math.ceil(total / per_column))
    rows = {key: math.ceil(len(members) / columns[key[1]]) for key, members in cells.items()}

    year_axis: list[tuple[int, float, float]] = []
    x_left: dict[int, float] = {}
    x = 0.0
    for year in years:
        width = columns[year] * SLOT_WIDTH
        x_left[year] = x
        year_axis.append((year, x, x + width))
        x += width + YEAR_GAP

    lane_axis: list[tuple[str, float, float]] = []
    y_top: dict[str, float] = {}
    y = 0.0
    for lane in lanes:
        height = max(rows.get((lane, yr), 0) for yr in years) * ROW_HEIGHT
        y_top[lane] = y
        lane_axis.append((lane, y, y + height))
        y += height + LANE_GAP

    positions: dict[str, tuple[float, float]] = {}
    for (lane, year), members in cells.items():
        cols, height = columns[year], rows[lane, year]
        # Column by column in date order, so x still grows with time inside a year; a cell with
        # fewer papers than columns spreads them over the year's width.
        step = cols / len(members) if len(members) < cols else 1.0
        for i, paper in enumerate(members):
            col, row = (i * step, 0) if step != 1.0 else divmod(i, height)
            x = x_left[year] + (col + 0.5 * step if step != 1.0 else col + 0.5) * SLOT_WIDTH
            # Stacked papers stagger left and right so a label never sits on the dot below
            # and an arrow along a row misses the dots.
            x += (row % 2 - 0.5) * SLOT_WIDTH * 0.5 if height > 1 else 0.0
            positions[paper.id] = (round(x, 1), round(y_top[lane] + (row + 0.5) * ROW_HEIGHT, 1))
    return Layout(positions, tuple(year_axis), tuple(lane_axis))
