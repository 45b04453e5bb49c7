"""The lineage as a Mermaid flowchart, which GitHub renders inside Markdown (```mermaid).

Arrows run prerequisite → paper, top to bottom. Node ids are derived from paper ids
(``p_gpt_1``), so no paper id can clash with a Mermaid keyword such as ``end``; each label
is a double-quoted string in which ``" # & < > ` `` are written as Mermaid entity codes
(``#quot;`` ...), so any title renders as plain text and cannot end the label or inject
HTML. Targets are drawn with a thick border.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.plan import ReadingPlan
from ..io.validate import ID_PATTERN
from .diagram import Diagram, from_graph, from_plan, label_lines

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render", "render_graph", "flowchart", "escape", "node_id"]

_ENTITIES = {'"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def escape(text: str) -> str:
    """Text for inside a Mermaid ``"..."`` label.

    >>> escape('say "hi" & <b>#1</b>')
    'say #quot;hi#quot; #amp; #lt;b#gt;#35;1#lt;/b#gt;'
    """
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def node_id(paper_id: str, index: int) -> str:
    """``gpt-1`` → ``p_gpt_1`` (one-to-one for slugs, which never contain ``_``); anything
    else → ``n<index>``."""
    return "p_" + paper_id.replace("-", "_") if ID_PATTERN.match(paper_id) else f"n{index}"


def flowchart(diagram: Diagram, *, direction: str = "TD") -> str:
    """The diagram as Mermaid text: one declaration per node, then one line per arrow."""
    ids = {p.id: node_id(p.id, i) for i, p in enumerate(diagram.papers)}
    lines = [f"flowchart {direction}"]
    for paper in diagram.papers:
        label = "<br/>".join(escape(line) for line in label_lines(paper))
        lines.append(f'  {ids[paper.id]}["{label}"]')
    for earlier, later in diagram.edges:
        lines.append(f"  {ids[earlier]} --> {ids[later]}")
    targets = [ids[p.id] for p in diagram.papers if p.id in diagram.targets]
    if targets:
        lines.append("  classDef target stroke-width:3px")
        lines.append(f"  class {','.join(targets)} target")
    return "\n".join(lines) + "\n"


def render(plan: ReadingPlan, *, direction: str = "TD") -> str:
    """The reading plan's papers and the arrows among them."""
    return flowchart(from_plan(plan), direction=direction)


def render_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = (),
                 direction: str = "TD") -> str:
    """A whole graph or subgraph, nodes in reading order."""
    return flowchart(from_graph(graph, targets=targets), direction=direction)
