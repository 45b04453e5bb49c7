"""The reading order as CSV (one row per paper) for spreadsheets.

Column ``lineage`` says what a row is: ``core`` (in the targets' core lineage), ``context``
(in the order only because ``--all`` follows context links) or ``related`` (one context link
off the core lineage, not in the order: no position). ``needed_by`` lists the later papers of
the order that build on it through core links, ``context_for`` those that cite it as context
(for a related row: the papers of the order that do).
"""

from __future__ import annotations

import csv
import io

from ..analysis.plan import ReadingPlan

COLUMNS = ["position", "id", "title", "year", "authors", "arxiv", "url", "needed_by", "read",
           "minutes", "minutes_estimated", "source", "lineage", "context_for"]


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
                         e.paper.source, "core" if e.core else "context",
                         " ".join(p.id for p in e.context_for)])
    # Related papers (one context link off a core lineage) follow, without a position: they
    # are not part of the order.
    for r in plan.related:
        writer.writerow(["", r.paper.id, _safe(r.paper.title), r.paper.year,
                         _safe("; ".join(r.paper.authors)), r.paper.arxiv or "",
                         r.paper.link or "", "", "", "", "", r.paper.source, "related",
                         " ".join(link.into for link in r.links)])
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Defuse spreadsheet formula injection: a cell starting with = + - @ is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
