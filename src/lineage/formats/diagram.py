"""What the diagram formats (Mermaid, DOT) share: the nodes and arrows to draw, taken from a
reading plan or from a (sub)graph, in a deterministic order."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis.plan import ReadingPlan
from ..model import Paper
from ..naming import clean

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Diagram", "from_plan", "from_graph", "label_lines"]


@dataclass(frozen=True)
class Diagram:
    """Papers in reading order and the arrows prerequisite → paper among them."""

    papers: tuple[Paper, ...]
    edges: tuple[tuple[str, str], ...]
    targets: frozenset[str] = frozenset()


def from_plan(plan: ReadingPlan) -> Diagram:
    """The plan's papers, with an arrow from each to the papers of the plan that build on it
    (through core or context links), in reading order."""
    present = {e.paper.id: e.position for e in plan.entries}
    edges = tuple((e.paper.id, user.id) for e in plan.entries
                  for user in sorted(e.needed_by + e.context_for, key=lambda p: present.get(p.id, 0))
                  if user.id in present)
    targets = frozenset(e.paper.id for e in plan.entries if e.is_target)
    return Diagram(tuple(e.paper for e in plan.entries), edges, targets)


def from_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = ()) -> Diagram:
    """Every node and edge of ``graph`` (a whole graph or a subgraph), nodes in reading
    order (ties by date, then id) and arrows sorted by where their ends are read."""
    from ..analysis.orders import order_subset

    order = order_subset(graph, set(graph), closed=True)
    position = {node: i for i, node in enumerate(order)}
    edges = sorted(graph.edges, key=lambda e: (position[e[0]], position[e[1]]))
    papers = tuple(graph.nodes[n]["paper"] for n in order)
    return Diagram(papers, tuple(edges), frozenset(targets))


def label_lines(paper: Paper, *, width: int = 32) -> list[str]:
    """The title wrapped at word boundaries (words are never split), then the short
    citation: joining the title lines with spaces gives back the whitespace-cleaned title."""
    lines = textwrap.wrap(clean(paper.title), width, break_long_words=False,
                          break_on_hyphens=False) or [""]
    return [*lines, f"({clean(paper.citation)})"]
