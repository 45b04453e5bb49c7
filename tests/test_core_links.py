"""Orders follow core links; context links are listed as related, marked, and followed with --all.

Oracles: a core graph built by hand with networkx (not the engine's view), networkx's
lexicographical topological sort for the old every-link closure, graphlib for validity, and a
hand-drawn graph whose answers are worked out in the comments.
"""

from __future__ import annotations

import csv
import graphlib
import io
import json
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import paper, write_graph
from lineage import load_graph
from lineage.analysis.links import core_links, lineage_order, related_papers
from lineage.analysis.plan import build_plan
from lineage.model import Paper

# --- properties on random graphs -------------------------------------------------------------


@st.composite
def role_dags(draw):
    """Up to 12 papers, links only from older index to newer (acyclic), each core or context,
    with date ties; one or two targets."""
    n = draw(st.integers(1, 12))
    g = nx.DiGraph()
    for i in range(n):
        g.add_node(f"p{i:02d}", paper=Paper(f"p{i:02d}", f"P{i}", ("X",), draw(st.integers(2000, 2004))))
    for j in range(1, n):
        for i in range(j):
            if draw(st.integers(0, 2)) == 0:
                g.add_edge(f"p{i:02d}", f"p{j:02d}", role=draw(st.sampled_from(["core", "context"])),
                           why=f"why {i}-{j}", kind="method")
    targets = draw(st.lists(st.sampled_from(sorted(g)), min_size=1, max_size=2, unique=True))
    return g, targets


def by_hand_core(g: nx.DiGraph) -> nx.DiGraph:
    core = nx.DiGraph()
    core.add_nodes_from(g.nodes(data=True))
    core.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d["role"] == "core")
    return core


def closure(g: nx.DiGraph, targets: list[str]) -> set[str]:
    return set(targets).union(*(nx.ancestors(g, t) for t in targets))


@settings(max_examples=300, deadline=None)
@given(role_dags())
def test_core_order_is_a_topological_order_of_the_core_closure_inside_the_full_order(case):
    g, targets = case
    core = by_hand_core(g)
    order = lineage_order(g, targets)  # follow="core" is the default
    full = lineage_order(g, targets, follow="all")
    assert len(order) == len(set(order))
    assert set(order) == closure(core, targets)
    assert set(order) <= set(full)
    assert order == [n for n in full if n in set(order)]  # --all only inserts papers
    place = {n: i for i, n in enumerate(order)}
    # valid for graphlib's reading of the core links among the papers ...
    sorter = graphlib.TopologicalSorter({n: [p for p in core.predecessors(n) if p in place]
                                         for n in order})
    assert set(sorter.static_order()) == set(order)  # no cycle
    assert all(place[u] < place[v] for u, v in core.edges if u in place and v in place)
    # ... and even for chains of any links: each paper after anything shown it builds on
    assert all(place[u] < place[v] for u in place for v in place if u != v and nx.has_path(g, u, v))


@settings(max_examples=300, deadline=None)
@given(role_dags())
def test_all_is_the_old_every_link_closure(case):
    g, targets = case
    members = closure(g, targets)
    expected = list(nx.lexicographical_topological_sort(
        g.subgraph(members), key=lambda n: g.nodes[n]["paper"].sort_key))
    assert lineage_order(g, targets, follow="all") == expected
    plan = build_plan(g, targets, follow="all")
    assert [e.paper.id for e in plan.entries] == expected and plan.related == ()
    # every paper says whether it is in the core lineage
    core_members = closure(by_hand_core(g), targets)
    assert {e.paper.id for e in plan.entries if e.core} == core_members


@settings(max_examples=300, deadline=None)
@given(role_dags())
def test_related_are_the_papers_one_context_link_off_the_core_lineage(case):
    g, targets = case
    members = closure(by_hand_core(g), targets)
    expected = {(u, v, d["why"]) for u, v, d in g.edges(data=True)
                if u not in members and v in members and d["role"] == "context"}
    plan = build_plan(g, targets)
    found = {(r.paper.id, link.into, link.why) for r in plan.related for link in r.links}
    assert found == expected
    # nearest first: fewest core hops from a target to a paper citing it, then most links, then oldest
    core = by_hand_core(g).subgraph(members)
    hops = {n: min((nx.shortest_path_length(core, n, t) for t in targets if nx.has_path(core, n, t)),
                   default=len(members)) for n in members}
    keys = [(min(hops[link.into] for link in r.links), -len(r.links), r.paper.sort_key)
            for r in plan.related]
    assert keys == sorted(keys)
    # each link of the plan is told apart by its role
    for e in plan.entries:
        later = {u for u in g.successors(e.paper.id) if u in members}
        assert {p.id for p in e.needed_by} == {u for u in later if g.edges[e.paper.id, u]["role"] == "core"}
        assert {p.id for p in e.context_for} == later - {p.id for p in e.needed_by}
        assert e.core


def test_core_links_is_a_view_that_stores_nothing():
    g = nx.DiGraph()
    g.add_edge("a", "b", role="core")
    g.add_edge("c", "b", role="context")
    g.add_edge("d", "b")  # no role: core, as the schema's default says
    view = core_links(g)
    assert sorted(view.edges) == [("a", "b"), ("d", "b")] and set(view) == set(g)
    assert g.graph == {} and sorted(g.edges) == [("a", "b"), ("c", "b"), ("d", "b")]
    g.edges["c", "b"]["role"] = "core"  # a view, not a copy: it sees the change
    assert ("c", "b") in view.edges
    assert related_papers(g, ["b"]) == []


# --- a hand-drawn graph, through the command line --------------------------------------------
#
#   a (2010) ──core──> b (2012) ──core──> d (2015) ──core──> t (2018)
#   x (2009) ──core──> s (2016) ──context: "distils into s"──────────> t
#   c (2013) ──context: "benchmarks on c"──> d
#   a ──context──> s
#
# Core lineage of t: a b d t. Related: c (context for d), s (context for t); x is two hops off,
# so it is not listed. With --all: x a b c d s t, and c, s, x are marked (context).


@pytest.fixture
def roles(tmp_path):
    papers = [paper("x", 2009, title="Xi Base"), paper("a", 2010, title="Alpha Nets"),
              paper("b", 2012, title="Beta Method"), paper("c", 2013, title="Gamma Benchmark"),
              paper("d", 2015, title="Delta Model"), paper("s", 2016, title="Sigma Student"),
              paper("t", 2018, title="Target Reasoner", aliases=["TR"])]
    edges = [
        {"paper": "b", "builds_on": "a", "kind": "method", "why": "uses alpha units", "role": "core"},
        {"paper": "d", "builds_on": "b", "kind": "method", "why": "trains like beta", "role": "core"},
        {"paper": "t", "builds_on": "d", "kind": "architecture", "why": "starts from delta", "role": "core"},
        {"paper": "s", "builds_on": "x", "kind": "architecture", "why": "is a xi model", "role": "core"},
        {"paper": "s", "builds_on": "a", "kind": "method", "why": "cites alpha", "role": "context"},
        {"paper": "t", "builds_on": "s", "kind": "training", "why": "distils into s", "role": "context"},
        {"paper": "d", "builds_on": "c", "kind": "evaluation", "why": "benchmarks on c", "role": "context"},
    ]
    return str(write_graph(tmp_path / "roles", papers, edges))


def ids_in(text: str) -> list[str]:
    return re.findall(r"^ *\d+\. \[[ x]\] .*?\[([a-z])\]", text, re.M)


def test_order_follows_core_links_and_lists_what_is_related(run, roles):
    out = run("--graph", roles, "order", "t", "--no-why").output
    order, related = out.split("\nRelated, not needed to follow Target Reasoner")
    assert ids_in(order) == ["a", "b", "d", "t"]
    assert order.splitlines()[0] == "Reading order for Target Reasoner: 4 papers, ~4 h 48 min"
    assert "(context)" not in order
    # the heading wraps at 100 columns like every line
    assert " ".join(related.split()).startswith(
        "(2 papers, nearest first; --all puts them in the order):")
    # s is cited by t itself, c by d one hop back; x is two links off the lineage
    assert re.findall(r"\[([a-z])\]", related) == ["s", "c"]
    assert "context for d: benchmarks on c" in related and "context for t: distils into s" in related


def test_all_follows_every_link_and_marks_the_context_papers(run, roles):
    out = run("--graph", roles, "order", "t", "--all", "--no-why").output
    assert ids_in(out) == ["x", "a", "b", "c", "d", "s", "t"]
    marked = re.findall(r"\[([a-z])\][^\n]*\(context\)$", out, re.M)
    assert marked == ["x", "c", "s"]
    assert "Related, not needed" not in out
    # a's links: b needs it, s only cites it
    a_block = out.split("[a]")[1].split("\n3. ")[0]
    assert "needed by: b" in a_block and "context for: s" in a_block


def test_json_and_csv_tell_core_context_and_related_apart(run, roles):
    data = json.loads(run("--graph", roles, "order", "t", "-f", "json").output)
    assert data["follow"] == "core"
    assert [(p["id"], p["lineage"]) for p in data["papers"]] == [
        ("a", "core"), ("b", "core"), ("d", "core"), ("t", "core")]
    assert [(r["id"], r["lineage"], r["links"]) for r in data["related"]] == [
        ("s", "related", [{"to": "t", "role": "context", "kind": "training", "why": "distils into s"}]),
        ("c", "related", [{"to": "d", "role": "context", "kind": "evaluation", "why": "benchmarks on c"}])]
    full = json.loads(run("--graph", roles, "order", "t", "--all", "-f", "json").output)
    assert full["follow"] == "all" and full["related"] == []
    by_id = {p["id"]: p for p in full["papers"]}
    assert [p["id"] for p in full["papers"] if p["lineage"] == "context"] == ["x", "c", "s"]
    assert by_id["a"]["links"] == [{"to": "b", "role": "core"}, {"to": "s", "role": "context"}]
    assert by_id["a"]["needed_by"] == ["b"] and by_id["a"]["context_for"] == ["s"]

    rows = list(csv.DictReader(io.StringIO(run("--graph", roles, "order", "t", "-f", "csv").output)))
    assert [(r["position"], r["id"], r["lineage"]) for r in rows] == [
        ("1", "a", "core"), ("2", "b", "core"), ("3", "d", "core"), ("4", "t", "core"),
        ("", "s", "related"), ("", "c", "related")]
    assert rows[4]["context_for"] == "t" and rows[5]["context_for"] == "d"
    rows = list(csv.DictReader(io.StringIO(run("--graph", roles, "order", "t", "--all", "-f", "csv").output)))
    assert {r["id"]: r["lineage"] for r in rows} == {
        "x": "context", "a": "core", "b": "core", "c": "context", "d": "core", "s": "context", "t": "core"}


def test_markdown_related_section_is_not_part_of_the_checklist(run, roles, tmp_path):
    from lineage.io.checklist import parse_checklist

    md = run("--graph", roles, "order", "t", "-f", "markdown").output
    checklist = parse_checklist(md)
    assert [i.marker for i in checklist.items] == ["a", "b", "d", "t"]
    assert "## Related, not needed to follow Target Reasoner" in md
    related = md.split("## Related, not needed to follow Target Reasoner")[1]
    assert "- **Gamma Benchmark**" in related and "context for d: benchmarks on c" in related
    # re-exporting over a ticked file regenerates the section instead of keeping a second copy
    path = tmp_path / "tr.md"
    path.write_text(md.replace("- [ ] **Alpha Nets**", "- [x] **Alpha Nets**"), encoding="utf-8")
    run("--graph", roles, "order", "t", "-f", "markdown", "-o", str(path))
    again = path.read_text(encoding="utf-8")
    assert again.count("## Related, not needed to follow") == 1
    assert "- [x] **Alpha Nets**" in again
    result = run("--graph", roles, "import", str(path))
    assert "4 items, 1 ticked" in result.output


def test_prereqs_by_hops_core_and_all(run, roles):
    out = run("--graph", roles, "prereqs", "t").output
    assert out.splitlines()[0].startswith("Target Reasoner builds on 3 papers up to 3 hops back")
    assert re.findall(r"\n(\d+ hops?)\n", out) == ["1 hop", "2 hops", "3 hops"]
    data = json.loads(run("--graph", roles, "prereqs", "t", "--all", "-f", "json").output)
    # every link: d and s 1 hop; b, c, x and a (via s) 2 hops
    assert [[p["id"] for p in level["papers"]] for level in data["by_hops"]] == [["d", "s"], ["x", "a", "b", "c"]]


def test_next_and_progress_follow_core_links(run, roles, tmp_path):
    prog = str(tmp_path / "p.yaml")
    run("--graph", roles, "done", "a", "--progress", prog)
    nxt = run("--graph", roles, "next", "t", "--progress", prog).output
    assert nxt.startswith("Next for Target Reasoner (1 of 4 read")
    assert re.findall(r"\[([a-z])\]", nxt) == ["b"]
    assert re.findall(r"\[([a-z])\]", run("--graph", roles, "next", "t", "--all", "--progress", prog).output) == [
        "x", "b", "c"]
    progress = run("--graph", roles, "progress", "t", "--progress", prog).output
    assert progress.startswith("Target Reasoner: 1 of 4 papers read (25%)")
    assert "1 hop back (1 of 1 left)" in progress and "3 hops back" not in progress  # a is read
    assert run("--graph", roles, "progress", "t", "--all", "--progress", prog).output.startswith(
        "Target Reasoner: 1 of 7 papers read")


def test_path_and_show_mark_context_links(run, roles):
    out = run("--graph", roles, "path", "x", "t").output
    assert "Path 1 (2 hops, 1 of them context):" in out
    assert "  x → s\n" in out and "  s → t  (context)\n" in out
    shown = run("--graph", roles, "show", "t").output
    assert "← d (architecture): starts from delta" in shown
    assert "← s (training, context): distils into s" in shown
    data = json.loads(run("--graph", roles, "show", "s", "-f", "json").output)
    assert [(e["id"], e["role"]) for e in data["builds_on"]] == [("x", "core"), ("a", "context")]
    assert [(e["id"], e["role"]) for e in data["built_on_by"]] == [("t", "context")]


def test_budget_keeps_to_the_core_lineage(run, roles):
    data = json.loads(run("--graph", roles, "order", "t", "--budget", "4h", "-f", "json").output)
    chosen = [p["id"] for p in data["papers"]]
    assert set(chosen) <= {"a", "b", "d", "t"} and chosen[-1] == "t"
    # coherent: d before b before a, each a direct core prerequisite of a chosen paper
    assert chosen == ["b", "d", "t"]
    assert [r["id"] for r in data["related"]] == ["s", "c"]


# --- the shipped graph -------------------------------------------------------------------------


def test_shipped_core_orders_sit_inside_the_full_ones():
    from pathlib import Path

    g = load_graph(Path(__file__).resolve().parents[1] / "graph", use_cache=False)
    core = by_hand_core(g)
    for target in ("deepseek-r1", "llama-3", "clip", "mixtral", "qlora"):
        if target not in g:
            continue
        order = lineage_order(g, [target])
        assert set(order) == closure(core, [target])
        assert set(order) < set(lineage_order(g, [target], follow="all"))
        place = {n: i for i, n in enumerate(order)}
        assert all(place[u] < place[v] for u, v in g.edges if u in place and v in place)


def test_text_related_section_stays_short_but_names_every_paper(roles):
    from lineage.formats.related import text_lines

    plan = build_plan(load_graph(roles), ["t"])
    lines = text_lines(plan, width=200, shown=1)  # wide enough that the heading does not wrap
    assert lines[2] == "  Sigma Student (Lovelace, 2016)  [s]"
    assert lines[3] == "      context for t: distils into s"
    assert lines[4] == "  and 1 more: c (-f json or -f markdown gives every reason)"
    assert len(lines) == 5


def test_progress_of_two_targets_says_targets(run, roles, tmp_path):
    # t and s: s is a target too (0 hops); x is what s builds on by a core link (1 hop)
    out = run("--graph", roles, "progress", "t", "s", "--progress", str(tmp_path / "p.yaml")).output
    assert "Still to read, by hops back from the targets:" in out
    assert "The targets (2 of 2 left):" in out
    assert re.search(r"1 hop back \(2 of 2 left\):\n.*\[x\]\n.*\[d\]", out)  # reading order


def test_an_order_of_only_the_target_says_why(run, roles, tmp_path):
    """A work whose every link is context has a one-paper core order: the text says so, so the
    reader does not take it for a lost lineage. Not said when the order has more (t), nor when
    a filter (--kind) could be why it is short."""
    folder = write_graph(tmp_path / "ctx",
                         [paper("p", 2010, title="Pi Data"), paper("r", 2015, title="Rho Model")],
                         [{"paper": "r", "builds_on": "p", "kind": "data", "why": "trains on p",
                           "role": "context"}])
    out = run("--graph", str(folder), "order", "r").output
    assert ids_in(out) == ["r"]
    said = "Nothing Rho Model builds on is needed to follow it"
    assert said in " ".join(out.split())
    assert said not in " ".join(run("--graph", str(folder), "order", "r", "--kind", "data").output.split())
    assert "Nothing" not in run("--graph", roles, "order", "t").output
