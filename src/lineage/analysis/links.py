"""Core and context links: which links a reading order follows.

Every link has a ``role`` (edge attribute, default ``'core'``): *core* when the later paper
needs a reader to understand the earlier one, *context* when the link is true but not needed
(a baseline, a benchmark, a base, student or judge model). A reading order is a transitive
closure, so one context link drags its whole ancestry in; orders therefore follow core links
by default (``follow="core"``) and every link only when asked (``follow="all"``, the CLI's
``--all``).

Everything here is a pure function of the graph it is given: :func:`core_links` returns a
read-only view (nothing is stored on ``graph.graph``), so the same loaded graph answers both
kinds of question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..model import Paper

__all__ = ["FOLLOW", "CORE", "CONTEXT", "role_of", "core_links", "followed", "levels", "parents",
           "lineage_order",
           "RelatedLink", "Related", "related_papers"]

#: What an order may follow: only the links a reader needs, or every link.
FOLLOW = ("core", "all")
CORE, CONTEXT = "core", "context"


def role_of(attrs: dict) -> str:
    """The role of a link from its edge attributes (a link without one is core, as the schema says)."""
    return attrs.get("role") or CORE


def core_links(graph: nx.DiGraph) -> nx.DiGraph:
    """A read-only view of ``graph`` with every paper and only its core links.

    A view, not a copy: building it costs nothing, and a walk over it pays only for the
    links it looks at, so a lineage's cost still follows the lineage, not the graph.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", role="core"); g.add_edge("c", "b", role="context"); g.add_edge("d", "b")
    >>> sorted(core_links(g).edges), sorted(core_links(g))
    ([('a', 'b'), ('d', 'b')], ['a', 'b', 'c', 'd'])
    """
    import networkx as nx

    succ = graph.succ

    def is_core(u: str, v: str) -> bool:
        return role_of(succ[u][v]) == CORE

    return nx.subgraph_view(graph, filter_edge=is_core)


def levels(graph: nx.DiGraph, targets: str | Iterable[str], *, follow: str = CORE,
           depth: int | None = None, kinds: Iterable[str] | None = None) -> list[set[str]]:
    """:func:`~lineage.analysis.orders.prerequisite_levels` along ``follow``'s links: item
    ``i`` holds the papers first reached ``i + 1`` hops back from the targets."""
    from .orders import _levels

    followed(graph, follow)  # validates ``follow``
    return _levels(graph, targets, depth=depth, kinds=kinds, core_only=follow == CORE)


def parents(graph: nx.DiGraph, node: str, follow: str = CORE) -> list[str]:
    """The papers ``node`` builds on directly through ``follow``'s links."""
    items = graph.pred[node].items()
    if follow == "all":
        return [p for p, _ in items]
    return [p for p, attrs in items if role_of(attrs) == CORE]


def followed(graph: nx.DiGraph, follow: str) -> nx.DiGraph:
    """The links an order following ``follow`` (``'core'`` or ``'all'``) walks."""
    if follow not in FOLLOW:
        raise ValueError(f"follow must be one of {', '.join(FOLLOW)}, not {follow!r}")
    return core_links(graph) if follow == CORE else graph


def lineage_order(graph: nx.DiGraph, targets: str | Iterable[str], *, follow: str = CORE,
                  depth: int | None = None, kinds: Iterable[str] | None = None) -> list[str]:
    """The targets and what they build on along ``follow``'s links, in reading order.

    With ``follow="all"`` this is :func:`~lineage.analysis.orders.reading_order`. With
    ``"core"`` it is that same order with every paper outside the core closure removed, so
    ``--all`` only ever inserts papers into the core order, and each paper still comes after
    everything shown that it builds on by any chain of links, context ones too. (A core path
    is a path of the whole graph no longer than itself, so within ``depth`` hops the core
    closure is part of the whole one.)
    """
    from .orders import reading_order

    starts = [targets] if isinstance(targets, str) else list(targets)
    full = reading_order(graph, starts, depth=depth, kinds=kinds)
    if follow == "all":
        return full
    members = set(starts).union(*levels(graph, starts, follow=follow, depth=depth, kinds=kinds))
    return [node for node in full if node in members]


@dataclass(frozen=True)
class RelatedLink:
    """A context link from a related paper into the lineage: ``into`` builds on the paper."""

    into: str
    why: str
    kind: str | None


@dataclass(frozen=True)
class Related:
    """A paper one context link off a lineage: true background, not needed to follow it."""

    paper: Paper
    links: tuple[RelatedLink, ...]


def related_papers(graph: nx.DiGraph, members: Iterable[str], *,
                   kinds: Iterable[str] | None = None, targets: Iterable[str] = (),
                   ) -> list[Related]:
    """The papers outside ``members`` with a context link into one of them (of ``kinds``,
    when given), each with those links (nearest a target first, then in the order of
    ``members``).

    Nearest first when ``targets`` are given: by the fewest core hops from a target to a
    paper that cites it (what the target itself cites as context comes first), then by how
    many papers of the lineage cite it, then oldest first. Without targets: oldest first.

    Only one hop: what those papers build on is further still from the lineage, and listing
    it would bring the padding back.
    """
    order = list(members)
    inside = set(order)
    allowed = set(kinds) if kinds is not None else None
    links: dict[str, list[RelatedLink]] = {}
    pred = graph.pred
    for node in order:
        for parent, attrs in pred[node].items():
            if (parent not in inside and role_of(attrs) == CONTEXT
                    and (allowed is None or attrs.get("kind") in allowed)):
                links.setdefault(parent, []).append(
                    RelatedLink(node, attrs.get("why") or "", attrs.get("kind")))
    nodes = graph.nodes
    hops = _hops_within(graph, inside, [t for t in targets if t in inside])
    far = len(inside)
    # each paper's links nearest the targets first (a stable sort keeps the lineage's order)
    found = [Related(nodes[p]["paper"], tuple(sorted(ls, key=lambda x: hops.get(x.into, far))))
             for p, ls in links.items()]
    found.sort(key=lambda r: (min(hops.get(link.into, far) for link in r.links), -len(r.links),
                              r.paper.sort_key))
    return found


def _hops_within(graph: nx.DiGraph, inside: set[str], targets: list[str]) -> dict[str, int]:
    """Core hops back from ``targets`` to each paper of ``inside``, walking only inside it."""
    from .orders import hops_back

    inner = {node: [p for p in parents(graph, node) if p in inside] for node in inside}
    return hops_back(inner, targets)
