"""The engine against independent oracles: graphlib, brute-force reachability, shuffles."""

from __future__ import annotations

import doctest
import graphlib
import importlib
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import analysis
from lineage.analysis.orders import (
    generations,
    influence,
    lineage_paths,
    needed_by,
    prerequisites,
    reading_order,
)
from lineage.graph import build_graph, edge
from lineage.model import Edge, Paper


@st.composite
def dags(draw, max_nodes: int = 14):
    """Random DAGs whose edges run from an older paper to a newer one, with dates."""
    n = draw(st.integers(1, max_nodes))
    years = sorted(draw(st.lists(st.integers(1990, 2000), min_size=n, max_size=n)))
    papers = [Paper(f"p{i:02d}", f"P{i}", ("A",), years[i], draw(st.one_of(st.none(), st.integers(1, 12))))
              for i in range(n)]
    # an edge i → j needs i to be strictly earlier in the date order
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)
             if (papers[i].year, papers[i].month or 0) < (papers[j].year, papers[j].month or 0)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    edges = [Edge(papers[j].id, papers[i].id, "w") for i, j in chosen]
    return build_graph(papers, edges)


def brute_ancestors(graph: nx.DiGraph, node: str, depth: int | None = None) -> set[str]:
    """Reachability by repeated relaxation over the edge list: no BFS, no networkx."""
    dist = {node: 0}
    changed = True
    while changed:
        changed = False
        for u, v in graph.edges:
            if v in dist and (u not in dist or dist[u] > dist[v] + 1):
                dist[u] = dist[v] + 1
                changed = True
    return {n for n, d in dist.items() if n != node and (depth is None or d <= depth)}


@settings(max_examples=150, deadline=None)
@given(dags(), st.data())
def test_order_is_a_topological_order_of_exactly_the_prerequisites(graph, data):
    target = data.draw(st.sampled_from(sorted(graph)))
    order = reading_order(graph, target)
    assert set(order) == brute_ancestors(graph, target) | {target}
    assert len(order) == len(set(order))
    position = {n: i for i, n in enumerate(order)}
    for u, v in graph.subgraph(order).edges:
        assert position[u] < position[v], f"{v} placed before its prerequisite {u}"
    # independent oracle: graphlib accepts the order as a static order of the same DAG
    assert_graphlib_accepts(graph, order)


def assert_graphlib_accepts(graph: nx.DiGraph, order: list[str]) -> None:
    """graphlib (the standard library) must agree each node is ready when we place it."""
    sorter = graphlib.TopologicalSorter({n: set(graph.pred[n]) & set(order) for n in order})
    sorter.prepare()
    available: set[str] = set()
    for node in order:
        available |= set(sorter.get_ready())
        assert node in available, f"graphlib says {node} is not ready yet"
        available.remove(node)
        sorter.done(node)
    assert not sorter.is_active()


@settings(max_examples=100, deadline=None)
@given(dags(), st.data())
def test_prerequisite_levels_are_the_brute_force_distances(graph, data):
    target = data.draw(st.sampled_from(sorted(graph)))
    levels = analysis.prerequisite_levels(graph, target)
    for hops, level in enumerate(levels, start=1):
        assert level == brute_ancestors(graph, target, hops) - brute_ancestors(graph, target, hops - 1)
    assert set().union(*levels) == brute_ancestors(graph, target)


@settings(max_examples=100, deadline=None)
@given(dags(), st.data())
def test_prerequisites_equal_brute_force_reachability_within_depth(graph, data):
    target = data.draw(st.sampled_from(sorted(graph)))
    depth = data.draw(st.one_of(st.none(), st.integers(0, 4)))
    assert prerequisites(graph, target, depth=depth) == brute_ancestors(graph, target, depth)


@settings(max_examples=60, deadline=None)
@given(dags(), st.data(), st.randoms())
def test_order_is_stable_under_shuffled_insertion(graph, data, rnd):
    target = data.draw(st.sampled_from(sorted(graph)))
    papers = [d["paper"] for _, d in graph.nodes(data=True)]
    edges = [edge(graph, u, v) for u, v in graph.edges]
    rnd.shuffle(papers)
    rnd.shuffle(edges)
    shuffled = build_graph(papers, edges)
    assert reading_order(shuffled, target) == reading_order(graph, target)


@settings(max_examples=60, deadline=None)
@given(dags(), st.data())
def test_ties_go_to_the_earliest_available_paper(graph, data):
    """At each step the order picks the smallest (year, month, id) among the papers whose
    prerequisites are all placed — checked by replaying it."""
    target = data.draw(st.sampled_from(sorted(graph)))
    order = reading_order(graph, target)
    members, placed = set(order), set()
    for node in order:
        ready = [n for n in members - placed if all(p in placed for p in graph.pred[n] if p in members)]
        assert node == min(ready, key=lambda n: graph.nodes[n]["paper"].sort_key)
        placed.add(node)


@settings(max_examples=60, deadline=None)
@given(dags(), st.data())
def test_generations_partition_the_prerequisites_with_no_edge_inside_a_group(graph, data):
    target = data.draw(st.sampled_from(sorted(graph)))
    groups = generations(graph, target)
    flat = [n for g in groups for n in g]
    assert sorted(flat) == sorted(brute_ancestors(graph, target))
    level = {n: i for i, g in enumerate(groups) for n in g}
    for u, v in graph.edges:
        if u in level and v in level:
            assert level[u] < level[v]


@settings(max_examples=40, deadline=None)
@given(dags(max_nodes=10))
def test_influence_counts_descendants(graph):
    reach = influence(graph)
    for node in graph:
        assert reach[node] == len(nx.descendants(graph, node))


def test_paths_are_real_chains_shortest_first():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("x", "d")])
    paths = lineage_paths(g, "a", "d")
    assert paths == [["a", "d"], ["a", "b", "c", "d"]]
    assert lineage_paths(g, "x", "a") == []


def test_needed_by_lists_only_later_direct_users():
    g = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "z")])
    assert needed_by(g, ["a", "b", "c"]) == {"a": ["b", "c"], "b": ["c"], "c": []}


def test_unknown_node_is_a_precise_error():
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(nx.NodeNotFound, match="'nope'"):
        reading_order(g, "nope")


def test_multiple_targets_merge_into_one_order():
    g = nx.DiGraph([("a", "b"), ("a", "c"), ("c", "d")])
    order = reading_order(g, ["b", "d"])
    assert sorted(order) == ["a", "b", "c", "d"] and order[0] == "a"


@pytest.mark.parametrize("module", ["lineage.analysis.orders", "lineage.io.yaml_reader", "lineage.io.validate",
                                    "lineage.graph", "lineage.analysis.resolve", "lineage.analysis.search",
                                    "lineage.formats.page.html", "lineage.model", "lineage.analysis.timing",
                                    "lineage.formats.wrapping", "lineage.s2", "lineage.store",
                                    "lineage.analysis.plan"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_random_large_dag_order_matches_graphlib_constraints():
    rnd = random.Random(7)
    papers = [Paper(f"n{i:04d}", "t", ("a",), 1900 + i // 20) for i in range(600)]
    edges = {(i, j) for j in range(600) for i in rnd.sample(range(max(j - 40, 0), j), min(j, 5))
             if papers[i].year < papers[j].year}
    graph = build_graph(papers, [Edge(papers[j].id, papers[i].id) for i, j in edges])
    order = reading_order(graph, "n0599")
    assert_graphlib_accepts(graph, order)
    assert set(order) == nx.ancestors(graph, "n0599") | {"n0599"}
    assert analysis.order_subset(graph, set(order)) == order


@st.composite
def same_month_dags(draw, max_nodes: int = 14):
    """DAGs as validation allows them: no paper builds on a later-dated one, but papers of the
    same month may build on each other whatever their ids (so the date order alone is not a
    reading order)."""
    n = draw(st.integers(1, max_nodes))
    months = sorted(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    names = draw(st.permutations([f"p{i:02d}" for i in range(n)]))  # ids unrelated to dates
    papers = [Paper(names[i], names[i], ("A",), 2000, months[i] or None) for i in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]  # i → j: i not later than j
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    return build_graph(papers, [Edge(papers[j].id, papers[i].id, "w") for i, j in chosen])


def _lexicographic_oracle(graph: nx.DiGraph, members: set[str]) -> list[str]:
    """networkx's own lexicographical topological sort over the members, keyed by date and id."""
    sub = graph.subgraph(members)
    return list(nx.lexicographical_topological_sort(sub, key=lambda n: graph.nodes[n]["paper"].sort_key))


@settings(max_examples=150, deadline=None)
@given(same_month_dags(), st.data())
def test_reading_order_is_networkx_lexicographic_order(graph, data):
    """Frozen (as load_graph hands it out) or not, a lineage's order is exactly the
    lexicographical topological sort of the lineage alone."""
    targets = data.draw(st.lists(st.sampled_from(sorted(graph)), min_size=1, max_size=3, unique=True))
    order = reading_order(nx.freeze(nx.DiGraph(graph)), targets)
    members = set().union(*(nx.ancestors(graph, t) | {t} for t in targets))
    assert order == _lexicographic_oracle(graph, members)
    assert order == reading_order(graph, targets)


def test_a_view_or_a_copy_of_a_frozen_graph_gets_its_own_order():
    # c is the prerequisite of a, and sorts last: the whole order is b, c, a. Without c,
    # nothing holds a back, so a (earliest) comes before b.
    papers = [Paper("a", "A", ("X",), 2000, 1), Paper("b", "B", ("X",), 2000, 2),
              Paper("c", "C", ("X",), 2000, 3)]
    frozen = nx.freeze(build_graph(papers, [Edge("a", "c", "w")]))
    assert reading_order(frozen, ["a", "b"]) == ["b", "c", "a"]
    view = frozen.subgraph(["a", "b"])
    assert reading_order(view, ["a", "b"]) == ["a", "b"]
    copy = nx.DiGraph(frozen)
    copy.remove_edge("c", "a")
    assert reading_order(copy, ["a", "b", "c"]) == ["a", "b", "c"]


def test_a_loaded_graph_is_frozen():
    from lineage.io.graph_files import load_graph

    graph = load_graph()
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        graph.add_edge("transformer", "deepseek-r1")


def test_a_copy_of_a_loaded_graph_resolves_names_it_gained():
    """Nothing derived is kept on the graph: a copy, edited, answers from what it holds."""
    from lineage import resolve
    from lineage.io.graph_files import load_graph

    graph = load_graph()
    assert resolve(graph, "R1") == "deepseek-r1"  # anything a first call could leave behind
    copy = nx.DiGraph(graph)
    copy.add_node("my-paper", paper=Paper("my-paper", "My Paper", ("X",), 2026, aliases=("MYP",)))
    copy.add_edge("deepseek-r1", "my-paper")
    assert resolve(copy, "myp") == "my-paper"
    assert reading_order(copy, "MY-paper".lower())[-2:] == ["deepseek-r1", "my-paper"]


def test_generations_when_one_target_builds_on_another():
    # x → a → m → b: a is a target and a prerequisite of b, so it is left out of the groups,
    # and m (which builds on a) has nothing left to build on in the set.
    papers = [Paper(i, i.upper(), ("X",), 2000 + n) for n, i in enumerate(["x", "a", "m", "b"])]
    g = build_graph(papers, [Edge("a", "x", "w"), Edge("m", "a", "w"), Edge("b", "m", "w")])
    assert generations(g, ["a", "b"]) == [["x", "m"]]
    assert generations(nx.freeze(nx.DiGraph(g)), ["a", "b"]) == [["x", "m"]]
