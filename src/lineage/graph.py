"""Records → a networkx DiGraph whose arrows run from a prerequisite to the paper that
builds on it, so a topological order is a reading order and prerequisites are ancestors.

Node attribute ``paper`` holds the :class:`~lineage.model.Paper`; an edge carries plain
attributes ``kind``, ``why`` and ``line`` (so networkx tools such as ``node_link_data`` see
them as they are), and :func:`edge` gives it back as an :class:`~lineage.model.Edge`.
A graph loaded from files (:func:`lineage.io.graph_files.load_graph`) also has
``graph.graph["problems"]``, the warnings found while loading, and ``graph.graph["source"]``,
the folder it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Edge, Paper

if TYPE_CHECKING:
    import networkx as nx


__all__ = ["build_graph", "assemble", "paper", "edge"]


def build_graph(papers: Iterable[Paper], edges: Iterable[Edge]) -> nx.DiGraph:
    """Build the DiGraph from already-validated records.

    >>> g = build_graph([Paper("a", "A", ("X",), 2017), Paper("b", "B", ("Y",), 2018)],
    ...                 [Edge("b", "a", "uses A")])
    >>> list(g.edges)
    [('a', 'b')]
    """
    return assemble(papers, ((e.builds_on, e.paper, {"kind": e.kind, "why": e.why,
                                                      "line": e.line, "role": e.role})
                             for e in edges))


def assemble(papers: Iterable[Paper], links: Iterable[tuple[str, str, dict]]) -> nx.DiGraph:
    """The DiGraph of ``papers`` and ``links`` given as ``(builds_on, paper, attributes)``."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from((p.id, {"paper": p}) for p in papers)
    graph.add_edges_from(links)
    graph.graph["problems"] = []
    return graph


def paper(graph: nx.DiGraph, paper_id: str) -> Paper:
    """The :class:`Paper` stored on node ``paper_id``."""
    return graph.nodes[paper_id]["paper"]


def edge(graph: nx.DiGraph, builds_on: str, paper: str) -> Edge:
    """The :class:`Edge` "``paper`` builds on ``builds_on``" (the arrow ``builds_on → paper``).

    >>> g = build_graph([Paper("a", "A", ("X",), 2017), Paper("b", "B", ("Y",), 2018)],
    ...                 [Edge("b", "a", "uses A", "method")])
    >>> edge(g, "a", "b")
    Edge(paper='b', builds_on='a', why='uses A', kind='method', role='core')
    """
    attrs = graph.edges[builds_on, paper]
    return Edge(paper, builds_on, attrs.get("why") or "", attrs.get("kind"), attrs.get("line"),
                attrs.get("role", "core"))

