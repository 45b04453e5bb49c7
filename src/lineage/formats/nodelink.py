"""A (sub)graph as networkx node-link JSON, for notebooks and other graph tools.

Load it back with ``networkx.node_link_graph(json.load(f), edges="edges")``. Each node
carries its paper's fields as plain data (as in papers.yaml, plus ``link``); each edge its
``kind`` and ``why``. ``graph.targets`` lists the targets asked for (empty for the whole
graph).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_graph", "to_plain_graph"]


def to_plain_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = ()) -> nx.DiGraph:
    """A copy of ``graph`` holding only JSON-ready attributes, nodes in reading order."""
    import networkx as nx

    from ..analysis.orders import order_subset

    order = order_subset(graph, set(graph), closed=True)
    position = {n: i for i, n in enumerate(order)}
    plain = nx.DiGraph(targets=list(targets))
    for node in order:
        paper = graph.nodes[node]["paper"]
        data = paper.to_dict()
        del data["id"]
        data["link"] = paper.link
        plain.add_node(node, **data)
    for earlier, later in sorted(graph.edges, key=lambda e: (position[e[0]], position[e[1]])):
        attrs = graph.edges[earlier, later]
        plain.add_edge(earlier, later, kind=attrs.get("kind"), why=attrs.get("why") or "")
    return plain


def render_graph(graph: nx.DiGraph, *, targets: tuple[str, ...] | list[str] = ()) -> str:
    import networkx as nx

    data = nx.node_link_data(to_plain_graph(graph, targets=targets), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
