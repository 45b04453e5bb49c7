"""Plans build their entries on demand; what a reader sees is what eager building gives."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import parallel
from lineage.export import render_plan
from lineage.graph import build_graph
from lineage.model import Edge, Paper
from lineage.plan import PlanEntries, PlanEntry, ReadingPlan, build_plan
from lineage.progress import mark_plan
from lineage.timing import reading_time


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
@given(plans(), st.booleans(), st.data())
def test_entries_built_on_demand_are_the_eager_entries(case, unread_only, data):
    graph, targets, read = case
    plan = mark_plan(build_plan(graph, targets), read, unread_only=unread_only)
    assert isinstance(plan.entries, PlanEntries)
    expected = _eager(graph, targets, read, unread_only)
    assert len(plan.entries) == len(expected)
    # a stretch, one entry from the end, then everything: each built on its own
    start = data.draw(st.integers(0, len(expected)))
    stop = data.draw(st.integers(start, len(expected)))
    assert tuple(plan.entries[start:stop]) == expected[start:stop]
    if expected:
        assert plan.entries[-1] == expected[-1]
    assert plan.entries == expected
    # the totals come from the reading times without building anything, and agree
    eager = ReadingPlan(plan.targets, expected)
    assert (plan.read_count, plan.total_minutes, plan.left_minutes, plan.estimated,
            plan.left_estimated) == (eager.read_count, eager.total_minutes, eager.left_minutes,
                                     eager.estimated, eager.left_estimated)


@settings(max_examples=30, deadline=None)
@given(plans(), st.sampled_from(["text", "markdown", "json", "csv"]))
def test_every_format_renders_lazy_and_eager_entries_alike(case, fmt):
    graph, targets, read = case
    plan = mark_plan(build_plan(graph, targets), read)
    eager = ReadingPlan(plan.targets, tuple(plan.entries), pace=plan.pace)
    lazy = mark_plan(build_plan(graph, targets), read)
    assert render_plan(lazy, fmt) == render_plan(eager, fmt)


def test_text_shared_out_to_workers_is_the_text_rendered_here(monkeypatch):
    papers = [Paper(f"n{i:03d}", f"Paper {i}", ("Ada Lovelace", "Alan Turing"), 1990 + i // 10)
              for i in range(120)]
    edges = [Edge(papers[j].id, papers[i].id, "w") for j in range(120) for i in range(max(0, j - 25), j, 3)
             if papers[i].year < papers[j].year]
    graph = build_graph(papers, edges)
    monkeypatch.setenv("LINEAGE_WORKERS", "1")
    alone = render_plan(build_plan(graph, ["n119"]), "text")
    monkeypatch.setenv("LINEAGE_WORKERS", "3")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    forked = []
    real_fork = parallel.os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forked.append(1) or real_fork())
    shared = render_plan(build_plan(graph, ["n119"]), "text")
    assert forked == [1, 1]  # two workers did two of the three stretches
    assert shared == alone
    assert "needed by: n" in shared and shared.count("\n") > 120
