"""A reading list checked against the graph (``lineage lint-list``), as text, Markdown or
JSON, from the :class:`~lineage.analysis.reading_list.ListReport` of
:func:`~lineage.analysis.reading_list.lint_list`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..words import plural

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.reading_list import ListReport

__all__ = ["render_report", "render_text", "render_markdown", "render_json", "REPORT_FORMATS"]


def _title(graph: nx.DiGraph, node: str) -> str:
    paper = graph.nodes[node]["paper"]
    return f"{paper.title} ({paper.citation})"


def _counts(report: ListReport) -> str:
    """The header's counts; entries = papers + repeats + unresolved."""
    parts = [f"{plural(len(report.ids), 'paper')} resolved"]
    if report.guesses:
        parts[0] += f" ({len(report.guesses)} of them guessed: check below)"
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} listed again")
    parts.append(f"{len(report.unresolved)} unresolved")
    text = f"{plural(len(report.entries), 'entry', 'entries')}: " + ", ".join(parts)
    if report.skipped:
        text += f"; {plural(len(report.skipped), 'other line')} skipped"
    return text


def render_text(report: ListReport, graph: nx.DiGraph, *, limit: int | None = 10,
                width: int = 100) -> str:
    """The report as text wrapped at ``width``; ``limit``: how many missing prerequisites
    to list (None: all)."""
    import textwrap

    def fill(text: str, first: str = "  ", rest: str = "      ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                             break_on_hyphens=False)

    out = textwrap.wrap(f"{report.file}: {_counts(report)}", width, subsequent_indent="  ",
                        break_on_hyphens=False)
    if report.skipped:
        out.append(f"\nSkipped lines ({len(report.skipped)}), not entries:")
        for number, text, reason in report.skipped:
            out += fill(f"line {number}: {_clip(text)}  ({reason})")
    if report.guesses:
        out.append("")
        out += fill(f"Guessed ({len(report.guesses)}): found from part of the line only; "
                    "check them:", "", "  ")
        for e in report.guesses:
            out += fill(f"line {e.line}: {_clip(e.text)}  → {e.id} ({_title(graph, e.id)}), "
                        f"{e.how}")
    if report.unresolved:
        out.append(f"\nUnresolved ({len(report.unresolved)}):")
        for e in report.unresolved:
            if not e.suggestions:
                hint = "no close match" if e.searched else \
                    "close matches not searched (only the first 50 unresolved entries are)"
            else:
                label = "ambiguous, could be" if e.ambiguous else "did you mean"
                hint = f"{label}: " + ", ".join(e.suggestions)
            for node, how in e.refused:
                hint += f"; not taken as {node} (from {how}): the rest of the line names another work"
            out += fill(f"line {e.line}: {_clip(e.text)}  ({hint})")
    if report.duplicates:
        out.append(f"\nListed twice ({len(report.duplicates)}):")
        for e in report.duplicates:
            out += fill(f"line {e.line}: {_clip(e.text)}  (= {e.id})")
    if report.missing:
        shown = report.missing if limit is None else report.missing[:limit]
        out.append("")
        out += fill(f"Missing prerequisites ({len(report.missing)}), most needed first "
                    "(how many entries need each, directly or not):", "", "  ")
        pad = min(max(len(node) for node, _ in shown), width // 4)
        for node, users in shown:
            out += fill(f"{len(users):>3}  {node:<{pad}}  {_title(graph, node)}", "  ",
                        " " * 7)
        if len(shown) < len(report.missing):
            out.append(f"  … and {len(report.missing) - len(shown)} more (--all lists them)")
    else:
        out.append("\nMissing prerequisites: none")
    n = len(report.misplaced)
    out.append("")
    out += fill(f"Order: {n} entr{'ies come' if n != 1 else 'y comes'} before a paper "
                f"{'they build' if n != 1 else 'it builds'} on"
                + (f" ({len(report.violations)} pairs); move each paper below above the "
                   "entries that build on it:" if n else ""), "", "  ")
    for node, line, vs in report.violation_groups():
        users = ", ".join(f"{v.paper} (line {v.line}{', directly' if v.direct else ''})"
                          for v in vs)
        out += fill(f"line {line} {node} is built on by {plural(len(vs), 'entry', 'entries')} "
                    f"above it: {users}")
    out.append("")
    out += fill("In a valid reading order (unresolved entries kept where they were, marked ?):",
                "", "  ")
    pad = len(str(len(report.reordered)))
    number = 0
    for item in report.reordered_with_unresolved():
        if isinstance(item, str):
            number += 1
            out += fill(f"{number:>{pad}}. {_title(graph, item)}  [{item}]", "  ",
                        " " * (pad + 4))
        else:
            out += fill(f"{'?':>{pad}}  line {item.line}: {_clip(item.text)}  (unresolved)", "  ",
                        " " * (pad + 4))
    return "\n".join(out) + "\n"


def _clip(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"


def render_markdown(report: ListReport, graph: nx.DiGraph) -> str:
    from .markdown import MARKER as ID_MARKER
    from .markdown import escape

    out = [f"# Reading list check: {escape(report.file)}", "",
           f"_{len(report.entries)} entries, {len(report.ids)} papers resolved, "
           f"{len(report.unresolved)} unresolved, {len(report.missing)} missing "
           f"prerequisites, {len(report.misplaced)} entries before a paper they build on._"]
    if report.unresolved:
        out.extend(["", "## Unresolved", ""])
        for e in report.unresolved:
            hint = ", ".join(f"`{s}`" for s in e.suggestions) or "no close match"
            label = "ambiguous, could be" if e.ambiguous else "did you mean"
            out.append(f"- line {e.line}: {escape(e.text)} — {label}: {hint}")
    out.extend(["", "## Missing prerequisites", ""])
    if not report.missing:
        out.append("None: the list has everything its papers build on.")
    for node, users in report.missing:
        out.append(f"- **{escape(_title(graph, node))}** `{node}` — needed by {len(users)}: "
                   + ", ".join(f"`{u}`" for u in users))
    out.extend(["", "## Out of order", ""])
    if not report.violations:
        out.append("None: every entry comes after the papers it builds on.")
    for v in report.violations:
        how = "directly" if v.direct else "through other papers"
        out.append(f"- line {v.line} `{v.paper}` comes before line {v.builds_on_line} "
                   f"`{v.builds_on}`, which it builds on ({how})")
    out.extend(["", "## In a valid reading order", ""])
    for node in report.reordered:
        paper = graph.nodes[node]["paper"]
        out.append(f"- [ ] **{escape(paper.title)}** ({escape(paper.citation)}) "
                   + ID_MARKER.format(id=node))
    return "\n".join(out) + "\n"


def render_json(report: ListReport, graph: nx.DiGraph) -> str:
    import json

    data = {
        "file": report.file,
        "entries": [{"line": e.line, "text": e.text, "id": e.id,
                     **({"how": e.how, "guess": e.guess} if e.id is not None else
                        {"suggestions": e.suggestions, "ambiguous": e.ambiguous,
                         "refused": [{"id": n, "from": how} for n, how in e.refused]})}
                    for e in report.entries],
        "skipped": [{"line": n, "text": t, "reason": r} for n, t, r in report.skipped],
        "unresolved": [e.line for e in report.unresolved],
        "duplicates": [e.line for e in report.duplicates],
        "missing": [{"id": n, "title": graph.nodes[n]["paper"].title, "needed_by": users}
                    for n, users in report.missing],
        "misplaced": report.misplaced,
        "violations": [{"paper": v.paper, "line": v.line, "builds_on": v.builds_on,
                        "builds_on_line": v.builds_on_line, "direct": v.direct}
                       for v in report.violations],
        "reordered": report.reordered,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


REPORT_FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def render_report(report: ListReport, graph: nx.DiGraph, format: str = "text", *,
                  limit: int | None = 10, width: int = 100) -> str:
    """``limit``: how many missing prerequisites the text lists (None: all); ``width``:
    where text wraps."""
    if format == "text":
        return render_text(report, graph, limit=limit, width=width)
    return REPORT_FORMATS[format](report, graph)
