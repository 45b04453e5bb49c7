"""A (sub)graph as networkx node-link JSON, for notebooks and other graph tools.

Load it back with ``networkx.node_link_graph(json.load(f), edges="edges")``. Each node
carries its paper's fields as plain data (as in papers.yaml, plus ``link``); each edge its
``kind`` and ``why``. ``graph.targets`` lists the targets asked for (empty for the whole
graph).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .diagram import from_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_graph", "to_plain_graph"]


def to_plain_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = ()) -> nx.DiGraph:
    """A copy of ``graph`` holding only JSON-ready attributes, nodes in reading order."""
    import networkx as nx

    diagram = from_graph(graph)  # the order the diagram formats draw: nodes, then edges
    plain = nx.DiGraph(targets=list(targets))
    for paper in diagram.papers:
        data = paper.to_dict()
        del data["id"]
        data["link"] = paper.link
        plain.add_node(paper.id, **data)
    for earlier, later in diagram.edges:
        attrs = graph.edges[earlier, later]
        plain.add_edge(earlier, later, kind=attrs.get("kind"), why=attrs.get("why") or "")
    return plain


def render_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = ()) -> str:
    import networkx as nx

    data = nx.node_link_data(to_plain_graph(graph, targets=targets), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
