"""The lineage as Graphviz DOT, for ``dot -Tsvg lineage.dot -o lineage.svg``.

Every id and label is a double-quoted DOT string with ``\\`` and ``"`` backslash-escaped
(so a title cannot end the string or start a label escape such as ``\\N``) and ``&``
written ``&amp;`` (Graphviz decodes HTML entities in labels). Titles are wrapped at word
boundaries with ``\\n``; each node links to its paper (``URL``, clickable in SVG).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.plan import ReadingPlan
from .diagram import Diagram, from_graph, from_plan, label_lines

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render", "render_graph", "digraph", "quote"]


def quote(text: str) -> str:
    r"""``text`` as a double-quoted DOT string that Graphviz shows literally.

    >>> print(quote('a "b" \\N & c'))
    "a \"b\" \\N &amp; c"
    """
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    body = body.replace("\r", " ").replace("\n", " ")
    return f'"{body}"'


def _label(lines: list[str]) -> str:
    return '"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"'


def digraph(diagram: Diagram, *, rankdir: str = "TB") -> str:
    """The diagram as a DOT ``digraph``: nodes in reading order, then the arrows."""
    lines = [
        "digraph lineage {",
        f"  graph [rankdir={rankdir}];",
        '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    ]
    for paper in diagram.papers:
        attrs = [f"label={_label(label_lines(paper))}"]
        if paper.link:
            attrs.append(f"URL={quote(paper.link)}")
        if paper.id in diagram.targets:
            attrs.append("penwidth=3")
        lines.append(f"  {quote(paper.id)} [{', '.join(attrs)}];")
    for earlier, later in diagram.edges:
        lines.append(f"  {quote(earlier)} -> {quote(later)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(plan: ReadingPlan, *, rankdir: str = "TB") -> str:
    """The reading plan's papers and the arrows among them."""
    return digraph(from_plan(plan), rankdir=rankdir)


def render_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = (),
                 rankdir: str = "TB") -> str:
    """A whole graph or subgraph, nodes in reading order."""
    return digraph(from_graph(graph, targets=targets), rankdir=rankdir)
