"""Where each paper sits on the page: history left to right, one horizontal lane per topic.

Years become columns (only years that have papers; a run of sparse years shares one column, so a
thin past does not eat the page), a paper's lane is its first topic (or the group it falls in,
see ``lane``), and inside one (lane, column) cell the papers stack in date order. A lane is as
tall as its busiest cell, so lanes are sized by their content. Everything is computed here, in
Python, so the browser draws a stable picture at once with physics off.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...model import TOPICS, Paper

__all__ = ["Layout", "layout", "lane_of", "OTHER_LANE"]

#: The lane of papers without a topic (and of topics grouped together).
OTHER_LANE = "other"

SLOT_WIDTH = 120    # horizontal room per paper column
ROW_HEIGHT = 62     # vertical room per stacked paper
YEAR_GAP = 18       # blank space between two year columns
LANE_GAP = 8        # blank space between two lanes
MAX_ROWS = 4        # papers of one topic and year stack at most this high ...
MAX_PER_COLUMN = 12 # ... and a year gets another column per this many papers
SPARSE = 4          # consecutive years with this few papers in all share one column
ASPECT = 1.6        # the width:height the layout aims at (the graph's part of a laptop screen)


@dataclass(frozen=True)
class Layout:
    """Positions in canvas pixels, plus the axes to draw behind them.

    ``years`` holds ``(first_year, last_year, x_left, x_right)`` for every column group (the two
    years are equal unless sparse years share it), ``lanes`` holds ``(lane, y_top, y_bottom)``
    for every lane, top to bottom.
    """

    positions: dict[str, tuple[float, float]]
    years: tuple[tuple[int, int, float, float], ...]
    lanes: tuple[tuple[str, float, float], ...]


def lane_of(paper: Paper) -> str:
    """The lane a paper is drawn in: its first topic (the curated graph lists the main one first)."""
    return paper.topics[0] if paper.topics else OTHER_LANE


def layout(papers: Iterable[Paper], lane: Callable[[Paper], str] = lane_of,
           order: Iterable[str] = (), aspect: float = ASPECT) -> Layout:
    """Lay out ``papers``: x by year (then month), y by lane (``lane(paper)``; lanes are listed
    in ``order``, then in topic order, then by name).

    Papers of one lane and year stack up to a height chosen so that the whole is about ``aspect``
    times as wide as high (a screen beside the list), instead of one long strip.
    Deterministic: the result depends only on the papers, not on their order.

    >>> a = Paper("a", "A", ("X",), 2017, topics=("architecture",))
    >>> b = Paper("b", "B", ("Y",), 2018, topics=("architecture",))
    >>> pos = layout([b, a]).positions
    >>> pos["a"][0] < pos["b"][0], pos["a"][1] == pos["b"][1]
    (True, True)
    """
    papers = sorted(papers, key=lambda p: p.sort_key)
    best: tuple[float, Layout] | None = None
    for max_rows in range(1, 9):
        result = _layout(papers, lane, tuple(order), max_rows, max_rows * MAX_PER_COLUMN // MAX_ROWS)
        width = result.years[-1][3] if result.years else 1.0
        height = result.lanes[-1][2] if result.lanes else 1.0
        miss = abs(math.log(max(width, 1.0) / max(height, 1.0) / aspect))
        if best is None or miss < best[0] - 1e-9:
            best = (miss, result)
    assert best is not None
    return best[1]


def _layout(papers: list[Paper], lane: Callable[[Paper], str], order: tuple[str, ...], max_rows: int,
            per_column: int) -> Layout:
    by_year: dict[int, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_year[paper.year].append(paper)
    rank = {t: i for i, t in enumerate((*order, *TOPICS, OTHER_LANE))}
    lanes = sorted({lane(p) for p in papers}, key=lambda t: (rank.get(t, len(rank)), t))

    # Column groups: runs of consecutive sparse years share one column while no lane gets
    # more than one paper in it; every other year is a group of its own.
    groups: list[list[int]] = []
    for year in sorted(by_year):
        papers_of = by_year[year]
        last = groups[-1] if groups else None
        if last is not None and len(papers_of) <= SPARSE:
            members = [p for y in last for p in by_year[y]] + papers_of
            merged_lanes = [lane(p) for p in members]
            if (sum(len(by_year[y]) for y in last) <= SPARSE and len(members) <= SPARSE
                    and len(set(merged_lanes)) == len(merged_lanes)):
                last.append(year)
                continue
        groups.append([year])

    cells: dict[tuple[str, int], list[Paper]] = defaultdict(list)
    for g, years in enumerate(groups):
        for y in years:
            for paper in by_year[y]:
                cells[lane(paper), g].append(paper)
    columns = {}
    for g in range(len(groups)):
        busiest = max(len(cells.get((ln, g), ())) for ln in lanes)
        total = sum(len(cells.get((ln, g), ())) for ln in lanes)
        columns[g] = max(1, math.ceil(busiest / max_rows), math.ceil(total / per_column))
    rows = {key: math.ceil(len(members) / columns[key[1]]) for key, members in cells.items()}

    year_axis: list[tuple[int, int, float, float]] = []
    x_left: dict[int, float] = {}
    x = 0.0
    for g, years in enumerate(groups):
        width = columns[g] * SLOT_WIDTH
        x_left[g] = x
        year_axis.append((years[0], years[-1], x, x + width))
        x += width + YEAR_GAP

    lane_axis: list[tuple[str, float, float]] = []
    y_top: dict[str, float] = {}
    y = 0.0
    for ln in lanes:
        height = max(rows.get((ln, g), 0) for g in range(len(groups))) * ROW_HEIGHT
        y_top[ln] = y
        lane_axis.append((ln, y, y + height))
        y += height + LANE_GAP

    positions: dict[str, tuple[float, float]] = {}
    for (ln, g), members in cells.items():
        cols, height = columns[g], rows[ln, g]
        # Column by column in date order, so x still grows with time inside a year; a cell with
        # fewer papers than columns spreads them over the year's width.
        step = cols / len(members) if len(members) < cols else 1.0
        for i, paper in enumerate(members):
            col, row = (i * step, 0) if step != 1.0 else divmod(i, height)
            x = x_left[g] + (col + 0.5 * step) * SLOT_WIDTH
            # Stacked papers stagger left and right so a name never sits on the dot below
            # and an arrow along a row misses the dots.
            x += (row % 2 - 0.5) * SLOT_WIDTH * 0.4 if height > 1 else 0.0
            positions[paper.id] = (round(x, 1), round(y_top[ln] + (row + 0.5) * ROW_HEIGHT, 1))
    for g, years in enumerate(groups):  # a shared column: x still grows with the date
        if len(years) > 1:
            members = [p for y in years for p in by_year[y]]
            for k, paper in enumerate(members):
                x = x_left[g] + (k + 0.5) / len(members) * SLOT_WIDTH
                positions[paper.id] = (round(x, 1), positions[paper.id][1])
    return Layout(positions, tuple(year_axis), tuple(lane_axis))
