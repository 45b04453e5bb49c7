"""``lineage order TARGET --budget``: the most important papers that fit (lineage.analysis.budget).

The hand-checked graph (6 min/page; kinds in brackets):

    f (2010, 10 p = 60 min) ← g (2011, 5 p = 30)  ← m (2013, 10 p = 60) ← t (2015, 5 p = 30)
    f                       ← h (2012, 20 p = 120) ← m
                              h ← n (2014, 4 p = 24) ←[data]─ t
                              h ←──────────────────────────── t
    every edge is [method] except t ← n [data].

Full reading order: f g h m n t, 324 min. Hops to t: h, m, n 1; f, g 2.
Importance = sum over direct users u of 2^-hops(u):
    h: t 1 + m ½ + n ½ = 2      m: t = 1      n: t = 1
    f: h ½ + g ¼ = 0.75          g: m ½ = 0.5
Ranking: h, m (2013, older than n), n, f, g.
"""

from __future__ import annotations

import itertools
import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import paper, write_graph
from lineage import load_graph
from lineage.analysis.budget import (
    SCORING,
    BudgetTooSmall,
    build_budget_plan,
    importance,
    select_within_budget,
)
from lineage.model import Paper


@pytest.fixture
def bud(tmp_path):
    papers = [paper("f", 2010, pages=10), paper("g", 2011, pages=5), paper("h", 2012, pages=20),
              paper("m", 2013, pages=10), paper("n", 2014, pages=4),
              paper("t", 2015, pages=5, title="Target")]
    edges = [{"paper": p, "builds_on": b, "kind": "method"}
             for p, b in [("g", "f"), ("h", "f"), ("m", "g"), ("m", "h"), ("n", "h"),
                          ("t", "m"), ("t", "h")]]
    edges.append({"paper": "t", "builds_on": "n", "kind": "data"})
    return str(write_graph(tmp_path / "bud", papers, edges))


def test_importance_matches_hand_computation(bud):
    assert importance(load_graph(bud), "t") == {"f": 0.75, "g": 0.5, "h": 2.0, "m": 1.0, "n": 1.0}


def test_importance_follows_only_the_chosen_kinds(bud):
    # method only: n drops out of the lineage, so h loses n's ½
    assert importance(load_graph(bud), "t", kinds=["method"]) == {
        "f": 0.75, "g": 0.5, "h": 1.5, "m": 1.0}


@pytest.mark.parametrize("budget, chosen, left_out, used", [
    (30, ["t"], ["h", "m", "n", "f", "g"], 30),          # exactly the target
    (150, ["h", "t"], ["m", "n", "f", "g"], 150),        # h (120) fills what is left exactly
    (200, ["h", "n", "t"], ["m", "f", "g"], 174),        # m (60) no longer fits, n (24) does
    (323, ["f", "h", "m", "n", "t"], ["g"], 294),        # g (30) misses by one minute
    (324, ["f", "g", "h", "m", "n", "t"], [], 324),      # everything, exactly
    (10_000, ["f", "g", "h", "m", "n", "t"], [], 324),
])
def test_selection_by_hand(bud, budget, chosen, left_out, used):
    sel = select_within_budget(load_graph(bud), ["t"], budget, pace=6)
    assert list(sel.chosen) == chosen
    assert [s.id for s in sel.left_out] == left_out
    assert sel.used == used <= budget
    assert sel.full_minutes == 324


def test_ties_go_to_the_older_paper_then_the_id(tmp_path):
    # m and n tie at importance 1 in the fixture graph; here: three direct prerequisites of t,
    # all 10 pages (60 min): "b" and "a" share a date, "z" is older than both.
    papers = [paper("z", 2011, pages=10), paper("b", 2012, 5, pages=10),
              paper("a", 2012, 5, pages=10), paper("t", 2013, pages=5)]
    edges = [{"paper": "t", "builds_on": x, "kind": "method"} for x in ("a", "b", "z")]
    g = load_graph(write_graph(tmp_path / "ties", papers, edges))
    assert importance(g, "t") == {"a": 1.0, "b": 1.0, "z": 1.0}
    assert select_within_budget(g, ["t"], 30 + 60, pace=6).chosen == ("z", "t")
    assert select_within_budget(g, ["t"], 30 + 120, pace=6).chosen == ("z", "a", "t")
    assert [s.id for s in select_within_budget(g, ["t"], 30, pace=6).left_out] == ["z", "a", "b"]


def test_tie_in_the_fixture_picks_m_before_n(bud):
    # 30 + 60: h (120) does not fit; m and n tie, m is older and fits exactly
    assert select_within_budget(load_graph(bud), ["t"], 90, pace=6).chosen == ("m", "t")


def test_assumes_known_lists_left_out_direct_prerequisites(bud):
    sel = select_within_budget(load_graph(bud), ["t"], 200, pace=6)
    assert sel.assumes_known == {"h": ("f",), "n": (), "t": ("m",)}


def test_budget_smaller_than_the_target_alone_is_an_error(bud, run):
    with pytest.raises(BudgetTooSmall) as info:
        select_within_budget(load_graph(bud), ["t"], 29, pace=6)
    assert (info.value.budget, info.value.needed) == (29, 30)
    result = run("--graph", bud, "order", "t", "--budget", "29m")
    assert result.exit_code == 1
    assert result.output == ("error: a budget of 29 min is less than t alone takes (30 min); "
                             "give --budget of at least 30m\n")


def test_order_budget_text(bud, run):
    result = run("--graph", bud, "order", "t", "--budget", "3h20m", "--no-why")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Reading order for Target within 3 h 20 min: 3 papers, 2 h 54 min"
    assert [line.split("[")[-1].split("]")[0] for line in lines if ". [ ]" in line] == ["h", "n", "t"]
    out = result.output
    assert "[h]  2 h\n" in out and "assumes known: f" in out and "assumes known: m" in out
    assert "Left out (3 papers, 2 h 30 min), most important first:" in out
    left = out.split("most important first:\n")[1].splitlines()[:3]
    assert [line.split()[0] for line in left] == ["m", "f", "g"]
    assert left[1] == "  f  importance 0.75, 1 h"
    assert "How importance is scored:" in out


def test_order_budget_json(bud, run):
    data = json.loads(run("--graph", bud, "order", "t", "--budget", "200m", "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["h", "n", "t"]
    assert [p["position"] for p in data["papers"]] == [1, 2, 3]
    assert [p["importance"] for p in data["papers"]] == [2.0, 1.0, None]
    assert [p["assumes_known"] for p in data["papers"]] == [["f"], [], ["m"]]
    assert data["total_minutes"] == 174
    b = data["budget"]
    assert (b["budget_minutes"], b["used_minutes"], b["full_minutes"]) == (200, 174, 324)
    assert [(x["id"], x["importance"], x["minutes"]) for x in b["left_out"]] == [
        ("m", 1.0, 60), ("f", 0.75, 60), ("g", 0.5, 30)]
    assert b["scoring"] == SCORING


def test_order_budget_markdown(bud, run):
    out = run("--graph", bud, "order", "t", "--budget", "200m", "-f", "markdown").output
    assert "the most important within a budget of 3 h 20 min" in out
    assert "  - _Assumes known:_ f" in out
    assert "## Left out" in out and "- `m` — importance 1, 1 h" in out
    assert out.count("- [ ] ") == 3


def test_whole_plan_fits_says_nothing_left_out(bud, run):
    out = run("--graph", bud, "order", "t", "--budget", "5.4h").output  # 324 min exactly
    assert "6 papers, 5 h 24 min" in out
    assert "Nothing left out: the whole reading order fits." in out


@pytest.mark.parametrize("spelling", ["200m", "3h20m", "3h 20min", "3.3333333h"])
def test_budget_spellings_agree(bud, run, spelling):
    data = json.loads(run("--graph", bud, "order", "t", "--budget", spelling, "-f", "json").output)
    assert data["budget"]["budget_minutes"] == 200


@pytest.mark.parametrize("bad", ["10", "ten hours", "2h30", ""])
def test_bad_budget_is_a_usage_error(bud, run, bad):
    result = run("--graph", bud, "order", "t", "--budget", bad)
    assert result.exit_code == 2
    assert "not a duration" in result.output


def test_kind_filter_combined_with_budget(bud, run):
    # method only: lineage f g h m t (n is only reachable over the data edge).
    # 200 - 30 = 170; frontier of t: h (1.5, 120), m (1, 60). h → 50 left, frontier + f;
    # m (60) no; f (0.75, 60) no. g (0.5, 30) would fit, but only m builds on it and m is out:
    # an orphan filler, so it never reaches the frontier.
    sel = select_within_budget(load_graph(bud), ["t"], 200, kinds=["method"], pace=6)
    assert sel.chosen == ("h", "t")
    assert [s.id for s in sel.left_out] == ["m", "f", "g"]
    assert sel.assumes_known == {"h": ("f",), "t": ("m",)}
    out = run("--graph", bud, "order", "t", "--kind", "method", "--budget", "200m").output
    assert "[n]" not in out and "  n  " not in out
    assert out.splitlines()[0] == "Reading order for Target within 3 h 20 min: 2 papers, 2 h 30 min"


def test_pace_changes_what_fits(bud, run):
    # pace 3 halves every time: t 15, h 60, m 30, n 12, f 30, g 15; 100 - 15 = 85:
    # h → 25 left; m 30 no; n 12 → 13 left; f 30 no; g 15 no.
    data = json.loads(run("--graph", bud, "order", "t", "--budget", "100m", "--pace", "3",
                          "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["h", "n", "t"]


def test_budget_plan_api(bud):
    plan = build_budget_plan(load_graph(bud), ["t"], 200, pace=6)
    assert [e.paper.id for e in plan.entries] == ["h", "n", "t"]
    assert [p.id for p in plan.entries[0].needed_by] == ["n", "t"]
    assert plan.total_minutes == 174
    assert plan.extra["budget"].used == 174


# --- brute-force oracles on random small graphs ------------------------------------------

@st.composite
def small_dags(draw):
    """Up to 8 papers, random links (i < j, so acyclic), each link core or context."""
    n = draw(st.integers(2, 8))
    g = nx.DiGraph()
    for i in range(n):
        pages = draw(st.integers(1, 12))
        year = draw(st.integers(2000, 2003))  # few years: plenty of date ties
        g.add_node(f"p{i}", paper=Paper(f"p{i}", f"P{i}", ("X",), year, pages=pages))
    for j in range(1, n):
        for i in range(j):
            if draw(st.booleans()):
                role = draw(st.sampled_from(["core", "core", "context"]))
                g.add_edge(f"p{i}", f"p{j}", role=role)
    return g


def _core_graph(g: nx.DiGraph) -> nx.DiGraph:
    """The core links, built by hand (not with the engine's view)."""
    core = nx.DiGraph()
    core.add_nodes_from(g.nodes(data=True))
    core.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d["role"] == "core")
    return core


def _oracle_importance(g: nx.DiGraph, target: str) -> dict[str, float]:
    lineage = nx.ancestors(g, target)
    hops = nx.single_source_shortest_path_length(g.reverse(copy=True), target)
    return {p: sum(2.0 ** -hops[u] for u in g.successors(p) if u in lineage | {target})
            for p in lineage}


def _coherent(core: nx.DiGraph, chosen: set[str], targets: set[str]) -> bool:
    """Every chosen paper but the targets is a direct core prerequisite of a chosen paper."""
    return all(any(c in chosen for c in core.successors(p)) for p in chosen - targets)


def _documented_greedy(core: nx.DiGraph, target: str, room: int, minutes: dict[str, int],
                       rank: dict[str, tuple]) -> set[str]:
    """The module docstring's rule, written the slow, obvious way: look at every paper each
    step; the frontier is what a chosen paper builds on directly; take its best paper if it
    fits, else drop that paper for good."""
    lineage = nx.ancestors(core, target)
    chosen, dropped = {target}, set()
    while True:
        frontier = [p for p in lineage - chosen - dropped
                    if any(c in chosen for c in core.successors(p))]
        if not frontier:
            return chosen
        best = min(frontier, key=rank.__getitem__)
        if minutes[best] <= room:
            chosen.add(best)
            room -= minutes[best]
        else:
            dropped.add(best)


@settings(max_examples=300, deadline=None)
@given(small_dags(), st.data())
def test_budget_selection_is_coherent_maximal_and_the_documented_greedy(g, data):
    target = f"p{len(g) - 1}"
    core = _core_graph(g)
    minutes = {n: g.nodes[n]["paper"].pages * 6 for n in g}
    lineage = sorted(nx.ancestors(core, target))
    budget = data.draw(st.integers(minutes[target], minutes[target] + sum(minutes[p] for p in lineage)))
    sel = select_within_budget(g, [target], budget, pace=6)
    chosen = set(sel.chosen)

    # the budget holds and is accounted for; the target is always read; only the core lineage
    assert target in chosen and sel.used == sum(minutes[n] for n in chosen) <= budget
    assert chosen <= set(lineage) | {target}
    # coherent: no orphan filler — each chosen paper is a core prerequisite of a chosen one
    assert _coherent(core, chosen, {target})
    # valid order: every chosen paper after every chosen paper it builds on, by any link
    pos = {n: i for i, n in enumerate(sel.chosen)}
    for a, b in itertools.permutations(chosen, 2):
        if nx.has_path(g, a, b):
            assert pos[a] < pos[b]
    # the scores are the documented ones, over core links
    score = _oracle_importance(core, target)
    assert importance(g, target) == pytest.approx(score)
    # assumes-known: exactly the left-out papers each chosen one builds on directly (core)
    for n in chosen:
        assert set(sel.assumes_known[n]) == set(core.predecessors(n)) - chosen
    # maximal: no left-out paper could be added and keep the selection coherent and in budget
    for s in sel.left_out:
        assert not (_coherent(core, chosen | {s.id}, {target}) and s.minutes <= budget - sel.used)
    # and it is the documented greedy
    rank = {p: (-score[p], g.nodes[p]["paper"].sort_key) for p in lineage}
    assert chosen == _documented_greedy(core, target, budget - minutes[target], minutes, rank)


@settings(max_examples=200, deadline=None)
@given(small_dags(), st.data())
def test_budget_follows_every_link_with_all(g, data):
    # follow="all": the same rules over every link (the engine with no roles in the way)
    target = f"p{len(g) - 1}"
    minutes = {n: g.nodes[n]["paper"].pages * 6 for n in g}
    lineage = sorted(nx.ancestors(g, target))
    budget = data.draw(st.integers(minutes[target], minutes[target] + sum(minutes[p] for p in lineage)))
    sel = select_within_budget(g, [target], budget, pace=6, follow="all")
    score = _oracle_importance(g, target)
    assert importance(g, target, follow="all") == pytest.approx(score)
    rank = {p: (-score[p], g.nodes[p]["paper"].sort_key) for p in lineage}
    assert set(sel.chosen) == _documented_greedy(g, target, budget - minutes[target], minutes, rank)
    assert _coherent(g, set(sel.chosen), {target})


def test_budget_on_the_shipped_graph_reads_as_a_path():
    """R1 in 10 hours: every chosen paper leads to R1 through chosen papers (the old greedy
    filled the last minutes with backprop, which nothing chosen builds on, leaving PPO out)."""
    from pathlib import Path

    g = load_graph(Path(__file__).resolve().parents[1] / "graph", use_cache=False)
    core = _core_graph(g)
    sel = select_within_budget(g, ["deepseek-r1"], 600)
    chosen = set(sel.chosen)
    assert _coherent(core, chosen, {"deepseek-r1"})
    assert "backprop" not in chosen or any(c in chosen for c in core.successors("backprop"))


def test_several_targets_are_all_read_and_budgeted_together(bud, run):
    # targets t (30) and n (24): 54 min is exactly both; n counts as a target, not a candidate
    sel = select_within_budget(load_graph(bud), ["t", "n"], 54, pace=6)
    assert sel.chosen == ("n", "t") and "n" not in sel.scores
    result = run("--graph", bud, "order", "t", "n", "--budget", "53m")
    assert result.exit_code == 1
    assert result.output == ("error: a budget of 53 min is less than the targets alone take "
                             "(54 min); give --budget of at least 54m\n")
