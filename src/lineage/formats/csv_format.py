"""The reading order as CSV (one row per paper) for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..analysis.plan import ReadingPlan

COLUMNS = ["position", "id", "title", "year", "authors", "arxiv", "url", "needed_by", "read",
           "minutes", "minutes_estimated", "source"]


def render(plan: ReadingPlan) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in plan.entries:
        writer.writerow([e.position, e.paper.id, _safe(e.paper.title), e.paper.year,
                         _safe("; ".join(e.paper.authors)), e.paper.arxiv or "",
                         e.paper.link or "", " ".join(p.id for p in e.needed_by),
                         "yes" if e.read else "",
                         "" if e.minutes is None else e.minutes, "yes" if e.estimated else "",
                         e.paper.source])
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Defuse spreadsheet formula injection: a cell starting with = + - @ is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
