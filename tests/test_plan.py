"""A plan's entries: positions, needed-by links, read marks and times, checked the plain way."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analysis.plan import PlanEntry, ReadingPlan, build_plan, mark_plan
from lineage.analysis.timing import reading_time
from lineage.graph import build_graph
from lineage.model import Edge, Paper


@st.composite
def plans(draw):
    """A random dated DAG, some targets, and some papers already read."""
    n = draw(st.integers(1, 12))
    years = sorted(draw(st.lists(st.integers(2000, 2004), min_size=n, max_size=n)))
    papers = [Paper(f"p{i:02d}", f"Paper {i}", ("Ada Lovelace", "Alan Turing", "Grace Hopper")[: 1 + i % 3],
                    years[i], pages=draw(st.one_of(st.none(), st.integers(1, 30))))
              for i in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if years[i] < years[j]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=25)) if pairs else []
    graph = build_graph(papers, [Edge(papers[j].id, papers[i].id, "w") for i, j in chosen])
    targets = draw(st.lists(st.sampled_from(sorted(graph)), min_size=1, max_size=2, unique=True))
    read = draw(st.sets(st.sampled_from(sorted(graph))))
    return graph, targets, read


def _eager(graph: nx.DiGraph, targets: list[str], read: set[str], unread_only: bool) -> tuple:
    """The entries built the plain way: for each paper of the order, every later paper of the
    order with a link from it, found by scanning the order."""
    plan = build_plan(graph, targets)
    order = [e.paper.id for e in plan.entries]
    out = []
    for position, node in enumerate(order, start=1):
        if unread_only and node in read:
            continue
        users = tuple(graph.nodes[v]["paper"] for v in order if graph.has_edge(node, v))
        time = reading_time(graph.nodes[node]["paper"])
        out.append(PlanEntry(position, graph.nodes[node]["paper"], users, node in targets,
                             node in read, time.minutes, time.estimated))
    return tuple(out)


@settings(max_examples=80, deadline=None)
@given(plans(), st.booleans())
def test_entries_are_the_plainly_built_entries(case, unread_only):
    graph, targets, read = case
    plan = mark_plan(build_plan(graph, targets), read, unread_only=unread_only)
    expected = _eager(graph, targets, read, unread_only)
    assert plan.entries == expected
    eager = ReadingPlan(plan.targets, expected)
    assert (plan.read_count, plan.total_minutes, plan.left_minutes, plan.estimated,
            plan.left_estimated) == (eager.read_count, eager.total_minutes, eager.left_minutes,
                                     eager.estimated, eager.left_estimated)
