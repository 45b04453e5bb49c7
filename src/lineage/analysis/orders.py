"""Questions a reader asks of the graph, as pure functions of a DiGraph.

Arrows run prerequisite → paper. Every function takes the graph first and options
keyword-only, and returns lists (not generators) so errors surface at the call. Cost is
proportional to the part of the graph involved (the prerequisite set), not the whole graph.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "hops_back",
    "prerequisites",
    "prerequisite_levels",
    "reading_order",
    "needed_by",
    "generations",
    "lineage_paths",
    "descendants",
    "influence",
    "longest_chain",
]


def _check_nodes(graph: nx.DiGraph, nodes: Iterable[str]) -> list[str]:
    import networkx as nx

    nodes = list(nodes)
    for node in nodes:
        if node not in graph:
            raise nx.NodeNotFound(f"paper {node!r} is not in the graph")
    return nodes


def prerequisites(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None = None,
                  kinds: Iterable[str] | None = None) -> set[str]:
    """Every paper the targets build on, transitively, or within ``depth`` hops.

    The targets themselves are not included (unless one target builds on another).
    ``kinds`` limits the walk to edges of those kinds.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c")])
    >>> sorted(prerequisites(g, "c")), sorted(prerequisites(g, "c", depth=1))
    (['a', 'b', 'x'], ['b', 'x'])
    """
    return set().union(*prerequisite_levels(graph, targets, depth=depth, kinds=kinds))


def hops_back(parents: Mapping[str, Iterable[str]], starts: Iterable[str]) -> dict[str, int]:
    """Breadth-first hops from ``starts`` (0) back along ``parents`` (node → the papers it
    builds on that count): each paper reached, with its fewest hops.

    >>> hops_back({"t": ["a", "b"], "a": ["c"], "b": ["c"], "c": []}, ["t"])
    {'t': 0, 'a': 1, 'b': 1, 'c': 2}
    """
    hops = {node: 0 for node in starts}
    frontier = list(hops)
    while frontier:
        nxt = []
        for node in frontier:
            for parent in parents.get(node, ()):
                if parent not in hops:
                    hops[parent] = hops[node] + 1
                    nxt.append(parent)
        frontier = nxt
    return hops


def prerequisite_levels(graph: nx.DiGraph, targets: str | Iterable[str], *,
                        depth: int | None = None, kinds: Iterable[str] | None = None,
                        ) -> list[set[str]]:
    """The prerequisites by distance: item ``i`` holds the papers first reached ``i + 1``
    hops back from the targets (within ``depth`` hops, along edges of ``kinds``).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c"), ("a", "c")])
    >>> [sorted(level) for level in prerequisite_levels(g, "c")]
    [['a', 'b', 'x']]
    >>> [sorted(level) for level in prerequisite_levels(g, "b")]
    [['a']]
    """
    return _levels(graph, targets, depth=depth, kinds=kinds)


def _levels(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None,
            kinds: Iterable[str] | None, core_only: bool = False) -> list[set[str]]:
    """:func:`prerequisite_levels`, along core links only when ``core_only``
    (:func:`lineage.analysis.links.levels`).

    Checks each link's role on the way rather than walking
    :func:`~lineage.analysis.links.core_links`' view, on which networkx calls a Python filter
    per link per view layer: on a large lineage that filtering is most of the time.
    """
    from .links import CORE, role_of

    starts = _check_nodes(graph, [targets] if isinstance(targets, str) else targets)
    if depth is not None and depth < 0:
        raise ValueError("depth must be >= 0")
    allowed = set(kinds) if kinds is not None else None
    pred = links(graph)[0]
    seen: set[str] = set()
    levels: list[set[str]] = []
    frontier: Iterable[str] = list(dict.fromkeys(starts))
    while frontier and (depth is None or len(levels) < depth):
        level: set[str] = set()
        if allowed is None and not core_only:
            for node in frontier:
                level.update(pred[node])
            level -= seen
            seen |= level
        else:
            for node in frontier:
                for parent, attrs in pred[node].items():
                    if (parent not in seen and (allowed is None or attrs.get("kind") in allowed)
                            and (not core_only or role_of(attrs) == CORE)):
                        seen.add(parent)
                        level.add(parent)
        if level:
            levels.append(level)
        frontier = level
    # A target reached from another target stays; otherwise targets are not their own prereqs.
    return levels


def links(graph: nx.DiGraph) -> tuple[dict[str, dict], dict[str, dict]]:
    """Each paper's prerequisites and users as plain mappings (``(pred, succ)``), as
    networkx's public ``adjacency()`` hands them out: one lookup each, instead of a new view
    object per paper looked at."""
    import networkx as nx

    return dict(nx.reverse_view(graph).adjacency()), dict(graph.adjacency())


def _sort_keys(graph: nx.DiGraph):  # type: ignore[no-untyped-def]
    """The tie-break key of a node: its paper's (year, month, id), else (0, 0, id)."""
    nodes = graph.nodes

    def key(node: str) -> tuple:
        paper = nodes[node].get("paper")
        return (0, 0, node) if paper is None else paper.sort_key

    return key


def reading_order(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None = None,
                  kinds: Iterable[str] | None = None) -> list[str]:
    """The targets and everything they build on (within ``depth`` hops), in an order where
    each paper comes after all of its prerequisites.

    Deterministic: among papers whose prerequisites are all placed, the earliest (year,
    then month, then id) comes first — a heap-based Kahn's algorithm over just the
    papers involved, O(k log k) for k papers.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("transformer", "gpt"), ("lstm", "seq2seq"), ("seq2seq", "transformer")])
    >>> reading_order(g, "gpt")
    ['lstm', 'seq2seq', 'transformer', 'gpt']
    """
    starts = _check_nodes(graph, [targets] if isinstance(targets, str) else targets)
    members = prerequisites(graph, starts, depth=depth, kinds=kinds) | set(starts)
    # Everything the targets build on is in, so every prerequisite of a member is a member.
    return order_subset(graph, members, closed=depth is None and kinds is None)


def order_subset(graph: nx.DiGraph, members: set[str], *, closed: bool = False) -> list[str]:
    """Topologically order ``members`` using only the edges among them, ties by date then id
    (a heap-based Kahn's algorithm). ``closed`` promises that every prerequisite of a member
    is a member (true of a full ancestor set), which saves intersecting each paper's links
    with the set."""
    if not isinstance(members, (set, frozenset)):
        members = set(members)
    pred, succ = links(graph)
    if closed:
        indegree = {n: len(pred[n]) for n in members}
    else:
        indegree = {n: len(members.intersection(pred[n])) for n in members}
    key = _sort_keys(graph)
    heap = [(key(n), n) for n, d in indegree.items() if d == 0]
    heapq.heapify(heap)
    push, pop = heapq.heappush, heapq.heappop
    order: list[str] = []
    while heap:
        node = pop(heap)[1]
        order.append(node)
        for child in members.intersection(succ[node]):
            left = indegree[child] - 1
            indegree[child] = left
            if left == 0:
                push(heap, (key(child), child))
    if len(order) != len(members):
        import networkx as nx

        raise nx.NetworkXUnfeasible("the graph contains a cycle among these papers")
    return order


def needed_by(graph: nx.DiGraph, order: list[str]) -> dict[str, list[str]]:
    """For each paper of ``order``, the papers later in it that build on it directly,
    in reading order."""
    position = {node: i for i, node in enumerate(order)}
    succ = links(graph)[1]
    is_member, at = position.__contains__, position.__getitem__
    return {node: sorted(filter(is_member, succ[node]), key=at) for node in order}


def generations(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None = None,
                kinds: Iterable[str] | None = None) -> list[list[str]]:
    """The prerequisites of the targets grouped into generations: generation 0 builds on
    nothing in the set, and each later generation builds only on earlier ones, so papers
    in one group can be read in any order. Each group is sorted by date then id.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    >>> generations(g, "d")
    [['a', 'b'], ['c']]
    """
    starts = _check_nodes(graph, [targets] if isinstance(targets, str) else targets)
    found = prerequisites(graph, starts, depth=depth, kinds=kinds)
    members = found - set(starts)
    # Without a depth or kind limit, and when no target is itself a prerequisite (and left
    # out), every prerequisite of a member is a member.
    closed = depth is None and kinds is None and not (found & set(starts))
    pred = links(graph)[0]
    level: dict[str, int] = {}
    at = level.__getitem__
    for node in order_subset(graph, members, closed=closed):
        parents = pred[node] if closed else members.intersection(pred[node])
        level[node] = 1 + max(map(at, parents)) if parents else 0
    groups: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for node, lvl in level.items():
        groups[lvl].append(node)
    key = _sort_keys(graph)
    return [sorted(g, key=key) for g in groups]


def lineage_paths(graph: nx.DiGraph, source: str, target: str, *, limit: int = 5,
                  ) -> list[list[str]]:
    """Up to ``limit`` paths along which ``source`` leads to ``target`` (source is an
    ancestor of target), shortest first; [] when it does not lead there.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> lineage_paths(g, "a", "c")
    [['a', 'c'], ['a', 'b', 'c']]
    """
    import itertools

    import networkx as nx

    _check_nodes(graph, [source, target])
    if source == target:
        return [[source]]
    below = nx.descendants(graph, source)
    if target not in below:
        return []
    # Search only where a path can run: between source's descendants and target's ancestors.
    view = graph.subgraph((below & nx.ancestors(graph, target)) | {source, target})
    paths = nx.shortest_simple_paths(view, source, target)
    found = list(itertools.islice(paths, limit * 4))
    key = _sort_keys(graph)
    found.sort(key=lambda p: (len(p), [key(n) for n in p]))
    return found[:limit]


def descendants(graph: nx.DiGraph, node: str) -> set[str]:
    """Every paper that builds on ``node``, directly or not."""
    import networkx as nx

    _check_nodes(graph, [node])
    return nx.descendants(graph, node)


def influence(graph: nx.DiGraph) -> dict[str, int]:
    """Number of descendants of every paper (how much of the graph rests on it).

    Computed with one bitset per paper in reverse topological order, so it stays fast on
    graphs of thousands of papers.
    """
    import networkx as nx

    order = list(nx.topological_sort(graph))
    bit = {node: 1 << i for i, node in enumerate(order)}
    below: dict[str, int] = {}
    for node in reversed(order):
        mask = 0
        for child in graph.succ[node]:
            mask |= bit[child] | below[child]
        below[node] = mask
    return {node: below[node].bit_count() for node in order}


def longest_chain(graph: nx.DiGraph) -> list[str]:
    """The longest path of "builds on" links in the graph, oldest first."""
    import networkx as nx

    return nx.dag_longest_path(graph, topo_order=order_subset(graph, set(graph), closed=True))
