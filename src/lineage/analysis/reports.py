"""The facts behind the commands that report on a paper, a lineage or the whole graph: plain
values, printed by :mod:`lineage.formats.reports`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Edge, Paper
from .orders import (
    descendants,
    influence,
    lineage_paths,
    longest_chain,
    reading_order,
)

if TYPE_CHECKING:
    import networkx as nx

    from .plan import PlanEntry, ReadingPlan
    from .timing import ReadingTime

__all__ = ["Prerequisites", "prerequisite_report", "PaperLinks", "paper_links", "Paths",
           "paths_between", "GraphStats", "graph_stats", "ready_to_read",
           "remaining_by_hops", "lineage_subgraph"]


@dataclass(frozen=True)
class Prerequisites:
    """What a target builds on, grouped by hops back from it (``groups[0]``: 1 hop, what it
    builds on directly), with each paper's reading time."""

    target: Paper
    groups: list[list[Paper]]
    times: dict[str, ReadingTime]
    pace: float
    follow: str = "core"

    @property
    def total(self) -> int:
        return sum(t.minutes for t in self.times.values())

    @property
    def estimated(self) -> bool:
        return any(t.estimated for t in self.times.values())


def prerequisite_report(graph: nx.DiGraph, node: str, *, depth: int | None = None,
                        kinds: Iterable[str] | None = None, pace: float | None = None,
                        follow: str = "core") -> Prerequisites:
    """The prerequisites of ``node`` along ``follow``'s links, by hops back from it (each
    group oldest first)."""
    from .links import levels
    from .timing import reading_times, resolve_pace

    nodes = graph.nodes
    groups = [sorted((nodes[n]["paper"] for n in level), key=lambda p: p.sort_key)
              for level in levels(graph, node, follow=follow, depth=depth, kinds=kinds)]
    pace = resolve_pace(pace)
    time_of = reading_times(pace=pace)
    times = {p.id: time_of(p) for group in groups for p in group}
    return Prerequisites(nodes[node]["paper"], groups, times, pace, follow)


@dataclass(frozen=True)
class PaperLinks:
    """One paper, the links into and out of it (oldest paper first), and how many papers
    descend from it."""

    paper: Paper
    builds_on: list[Edge]
    built_on_by: list[Edge]
    descendants: int


def paper_links(graph: nx.DiGraph, node: str) -> PaperLinks:
    from ..graph import edge

    nodes = graph.nodes
    builds_on = sorted((edge(graph, p, node) for p in graph.pred[node]),
                       key=lambda e: nodes[e.builds_on]["paper"].sort_key)
    built_on_by = sorted((edge(graph, node, c) for c in graph.succ[node]),
                         key=lambda e: nodes[e.paper]["paper"].sort_key)
    return PaperLinks(nodes[node]["paper"], builds_on, built_on_by, len(descendants(graph, node)))


@dataclass(frozen=True)
class Paths:
    """The lineage paths between two papers, each a list of links; ``reverse`` when only
    ``end`` leads to ``start``."""

    start: str
    end: str
    paths: list[list[Edge]]
    reverse: bool = False


def paths_between(graph: nx.DiGraph, start: str, end: str, *, limit: int = 3) -> Paths:
    """How ``start`` leads to ``end`` — or, when it does not, how ``end`` leads to ``start``."""
    from ..graph import edge

    reverse = False
    found = lineage_paths(graph, start, end, limit=limit)
    if not found:
        found = lineage_paths(graph, end, start, limit=limit)
        reverse = bool(found)
    links = [[edge(graph, a, b) for a, b in zip(chain, chain[1:], strict=False)] for chain in found]
    return Paths(start, end, links, reverse)


@dataclass(frozen=True)
class GraphStats:
    papers: int
    edges: int
    roots: list[str]
    topics: list[tuple[str, int]]
    most_foundational: list[tuple[str, int]]
    longest_chain: list[str]


def graph_stats(graph: nx.DiGraph, *, top: int = 10) -> GraphStats:
    from collections import Counter

    reach = influence(graph)
    ranked = sorted(reach.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    topics = Counter(t for _, d in graph.nodes(data=True) for t in d["paper"].topics)
    roots = sorted(n for n in graph if graph.in_degree(n) == 0)
    return GraphStats(graph.number_of_nodes(), graph.number_of_edges(), roots,
                      topics.most_common(), ranked, longest_chain(graph))


def ready_to_read(graph: nx.DiGraph, plan: ReadingPlan) -> list[PlanEntry]:
    """The unread entries of ``plan`` whose prerequisites in the plan (along the links the
    plan follows) are all read."""
    from .links import parents

    read = {e.paper.id for e in plan.entries if e.read}
    members = {e.paper.id for e in plan.entries}
    return [e for e in plan.entries if not e.read
            and all(p in read for p in parents(graph, e.paper.id, plan.follow) if p in members)]


def remaining_by_hops(graph: nx.DiGraph, plan: ReadingPlan,
                      ) -> list[tuple[int, int, list[PlanEntry]]]:
    """Per distance from the targets (0: the targets, 1: what they build on directly, ...,
    along the links the plan follows) that still has unread papers: the hops, how many
    papers of the plan are that far, and the unread entries."""
    from .links import levels

    targets = [t.id for t in plan.targets]
    found = levels(graph, targets, follow=plan.follow)
    hops = {node: number for number, level in enumerate(found, start=1) for node in level}
    hops.update(dict.fromkeys(targets, 0))
    # One pass over the entries into buckets: a scan of every entry per distance is quadratic.
    groups: dict[int, list[PlanEntry]] = {}
    for e in plan.entries:
        number = hops.get(e.paper.id)
        if number is not None:
            groups.setdefault(number, []).append(e)
    out = []
    for number in sorted(groups):
        left = [e for e in groups[number] if not e.read]
        if left:
            out.append((number, len(groups[number]), left))
    return out


def lineage_subgraph(graph: nx.DiGraph, ids: list[str], *, depth: int | None = None,
                     kinds: Iterable[str] | None = None) -> nx.DiGraph:
    """A copy of the part of ``graph`` that ``ids`` build on (within ``depth`` hops, along
    links of ``kinds``, and with only those links drawn)."""
    kinds = tuple(kinds) if kinds else None
    sub = graph.subgraph(reading_order(graph, ids, depth=depth, kinds=kinds)).copy()
    if kinds:
        sub.remove_edges_from([(a, b) for a, b, d in sub.edges(data=True)
                               if d.get("kind") not in kinds])
    return sub
