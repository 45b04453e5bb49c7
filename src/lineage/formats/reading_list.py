"""A reading list checked against the graph (``lineage lint-list``), as text, Markdown or
JSON, from the :class:`~lineage.analysis.reading_list.ListReport` of
:func:`~lineage.analysis.reading_list.lint_list`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.reading_list import ListReport

__all__ = ["render_report", "render_text", "render_markdown", "render_json", "REPORT_FORMATS"]


def _title(graph: nx.DiGraph, node: str) -> str:
    paper = graph.nodes[node]["paper"]
    return f"{paper.title} ({paper.citation})"


def render_text(report: ListReport, graph: nx.DiGraph) -> str:
    out = [f"{report.file}: {len(report.entries)} entries, {len(report.ids)} papers resolved, "
           f"{len(report.unresolved)} unresolved"]
    if report.unresolved:
        out.append(f"\nUnresolved ({len(report.unresolved)}):")
        for e in report.unresolved:
            if not e.suggestions:
                hint = "no close match"
            elif e.ambiguous:
                hint = "ambiguous, could be: " + ", ".join(e.suggestions)
            else:
                hint = "did you mean: " + ", ".join(e.suggestions)
            out.append(f"  line {e.line}: {e.text}  ({hint})")
    if report.duplicates:
        out.append(f"\nListed twice ({len(report.duplicates)}):")
        for e in report.duplicates:
            out.append(f"  line {e.line}: {e.text}  (= {e.id})")
    if report.missing:
        out.append(f"\nMissing prerequisites ({len(report.missing)}), most needed first "
                   "(how many entries build on each, directly or not):")
        pad = max(len(node) for node, _ in report.missing)
        for node, users in report.missing:
            out.append(f"  {len(users):>3}  {node:<{pad}}  {_title(graph, node)}")
    else:
        out.append("\nMissing prerequisites: none")
    n = len(report.misplaced)
    out.append(f"\nOrder: {n} entr{'ies come' if n != 1 else 'y comes'} before a paper "
               f"{'they build' if n != 1 else 'it builds'} on"
               + (f" ({len(report.violations)} pairs):" if n else ""))
    for v in report.violations:
        how = "directly" if v.direct else "through other papers"
        out.append(f"  line {v.line} {v.paper} comes before line {v.builds_on_line} "
                   f"{v.builds_on}, which it builds on ({how})")
    out.append("\nIn a valid reading order:")
    pad = len(str(len(report.reordered)))
    for number, node in enumerate(report.reordered, start=1):
        out.append(f"  {number:>{pad}}. {_title(graph, node)}  [{node}]")
    return "\n".join(out) + "\n"


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
                     **({"suggestions": e.suggestions, "ambiguous": e.ambiguous}
                        if e.id is None else {})} for e in report.entries],
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


def render_report(report: ListReport, graph: nx.DiGraph, format: str = "text") -> str:
    return REPORT_FORMATS[format](report, graph)
