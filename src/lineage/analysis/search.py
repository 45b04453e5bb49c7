"""Find papers by a free-text query over titles, ids, aliases, authors and topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Paper
from .resolve import normalize

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["search_papers", "filter_papers", "parse_year_range"]


def search_papers(graph: nx.DiGraph, query: str, *, limit: int | None = None) -> list[Paper]:
    """Papers matching every word of ``query``; exact id/alias hits first, then title
    hits, then the rest, each group oldest first."""
    words = [w for w in map(normalize, query.split()) if w]
    whole = normalize(query)
    if not words:
        return []
    ranked = []
    for _, data in graph.nodes(data=True):
        paper: Paper = data["paper"]
        names = [normalize(n) for n in (paper.id, *paper.aliases)]
        title = normalize(paper.title)
        haystack = " ".join([*names, title, *(normalize(a) for a in paper.authors),
                             *paper.topics, normalize(paper.arxiv or "")])
        if not all(w in haystack for w in words):
            continue
        if whole in names:
            rank = 0
        elif all(w in title for w in words) or any(all(w in n for w in words) for n in names):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, paper.sort_key, paper))
    ranked.sort(key=lambda r: (r[0], r[1]))
    found = [r[2] for r in ranked]
    return found[:limit] if limit else found


def parse_year_range(text: str) -> tuple[int | None, int | None]:
    """``"2017"``, ``"2017-2020"``, ``"2017-"`` or ``"-2015"`` → inclusive (low, high).

    >>> parse_year_range("2017-2020"), parse_year_range("-2015"), parse_year_range("2019")
    ((2017, 2020), (None, 2015), (2019, 2019))
    """
    text = text.strip().replace("..", "-").replace("–", "-")
    try:
        if "-" not in text:
            year = int(text)
            return year, year
        low, high = text.split("-", 1)
        return (int(low) if low.strip() else None, int(high) if high.strip() else None)
    except ValueError:
        raise ValueError(f"{text!r} is not a year or a range like 2017-2020") from None


def filter_papers(graph: nx.DiGraph, *, topic: str | None = None,
                  years: tuple[int | None, int | None] = (None, None)) -> list[Paper]:
    """Papers with ``topic`` (if given) whose year is within ``years``, oldest first."""
    low, high = years
    out = []
    for _, data in graph.nodes(data=True):
        paper: Paper = data["paper"]
        if topic and topic not in paper.topics:
            continue
        if low is not None and paper.year < low:
            continue
        if high is not None and paper.year > high:
            continue
        out.append(paper)
    return sorted(out, key=lambda p: p.sort_key)
