"""`lineage render` without a browser: escaping, links, no external resources, the chosen
papers, the layout and the command. The page's behaviour is tested in test_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import subprocess
import sys

import networkx as nx
import pytest

from conftest import paper, write_graph
from lineage.formats.page import choose_view, render_html
from lineage.formats.page.html import safe_link
from lineage.formats.page.layout import layout
from lineage.graph import build_graph
from lineage.io.graph_files import load_graph
from lineage.model import Edge, Paper

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
COMMENT = "<!-- </script> -->"


def small_graph(tmp_path, **extra_r1):
    """rnn(2014) ← attn(2017-06), rlhf(2017-06); attn ← gpt(2018-06) ← bert(2018-10);
    gpt ← cot(2022), aaa-late(2022-01); r1(2025-01) builds on rlhf, bert, cot and aaa-late.
    side(2016) is unrelated."""
    papers = [
        paper("rnn", 2014, title="Recurrent Nets", aliases=["RNN"], topics=["foundations"]),
        paper("attn", 2017, 6, title="Attention Is All You Need", aliases=["Transformer"],
              authors=["Ashish Vaswani", "Noam Shazeer"], topics=["architecture"]),
        paper("rlhf", 2017, 6, title="Learning from Human Preferences", topics=["alignment"]),
        paper("gpt", 2018, 6, title="Generative Pre-Training", aliases=["GPT"], topics=["language-models"]),
        paper("bert", 2018, 10, title="BERT", topics=["language-models"]),
        paper("cot", 2022, title="Chain of Thought", topics=["reasoning"]),
        paper("aaa-late", 2022, 1, title="A Late Benchmark", topics=["reasoning", "data"]),
        paper("r1", 2025, 1, title="DeepSeek-R1: Incentivizing Reasoning", aliases=["R1"],
              authors=["DeepSeek-AI"], topics=["reasoning", "reinforcement-learning"], **extra_r1),
        paper("side", 2016, title="A Side Road", topics=["vision"]),
    ]
    edges = [
        {"paper": "attn", "builds_on": "rnn", "kind": "architecture", "why": "replaces recurrence"},
        {"paper": "rlhf", "builds_on": "rnn", "kind": "method", "why": "uses recurrent policies"},
        {"paper": "gpt", "builds_on": "attn", "kind": "architecture", "why": "a decoder-only transformer"},
        {"paper": "bert", "builds_on": "attn", "kind": "architecture", "why": "an encoder-only transformer"},
        {"paper": "bert", "builds_on": "gpt", "kind": "method", "why": "pre-trains like GPT"},
        {"paper": "cot", "builds_on": "gpt", "kind": "method", "why": "prompts a GPT"},
        {"paper": "aaa-late", "builds_on": "gpt", "kind": "evaluation", "why": "evaluates GPT"},
        {"paper": "r1", "builds_on": "rlhf", "kind": "training", "why": "RL from feedback"},
        {"paper": "r1", "builds_on": "bert", "kind": "critique", "why": "argues against encoders"},
        {"paper": "r1", "builds_on": "cot", "kind": "method", "why": "long chains of thought"},
        {"paper": "r1", "builds_on": "aaa-late", "kind": "data", "why": "trains on its problems"},
    ]
    return write_graph(tmp_path / "small", papers, edges)


#: Worked out by hand from the docstring above: Kahn's algorithm, ties by (year, month or 0, id).
R1_ORDER = ["rnn", "attn", "rlhf", "gpt", "bert", "cot", "aaa-late", "r1"]


def hostile_graph(tmp_path):
    papers = [
        paper("base", 2015, title=f"Base {IMG}", authors=[SCRIPT, "Eve"], summary=f"sum {SCRIPT} {COMMENT}",
              why=f"why {IMG}", aliases=[f"alias {IMG}"]),
        paper("evil", 2020, title=f"Evil {SCRIPT}", authors=[IMG], summary=f"{IMG} & {SCRIPT}",
              why=f"{SCRIPT}", aliases=["Evil"], url="https://example.org/a?b=1&c=2"),
    ]
    edges = [{"paper": "evil", "builds_on": "base", "kind": "method", "why": f"edge {IMG} {SCRIPT}"}]
    return write_graph(tmp_path / "hostile", papers, edges)


def json_blocks(page: str) -> dict[str, object]:
    blocks = re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', page, re.S)
    return {name: json.loads(text) for name, text in blocks}


def executable_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# ---- escaping -------------------------------------------------------------------------------

def test_hostile_text_never_reaches_the_page_as_markup(tmp_path):
    g = load_graph(hostile_graph(tmp_path), use_cache=False)
    page = render_html(g, ["evil"])
    for raw in (IMG, SCRIPT, "<img", "<script>window", COMMENT, "<!--"):
        assert raw not in page
    # Exactly our script elements: two JSON data blocks and two inlined scripts, each closed once.
    assert len(re.findall(r"^<script", page, re.M)) == 4
    assert page.count("</script>") == 4


def test_hostile_text_survives_as_data(tmp_path):
    g = load_graph(hostile_graph(tmp_path), use_cache=False)
    data = json_blocks(render_html(g, ["evil"]))["lineage-data"]
    evil, base = data["papers"]["evil"], data["papers"]["base"]
    assert evil["title"] == f"Evil {SCRIPT}" and evil["authors"] == [IMG]
    assert base["summary"] == f"sum {SCRIPT} {COMMENT}" and base["aliases"] == [f"alias {IMG}"]
    assert data["edges"][0]["why"] == f"edge {IMG} {SCRIPT}"
    assert evil["link"] == "https://example.org/a?b=1&c=2"  # a string for a DOM property, not markup


def test_title_and_heading_are_escaped(tmp_path):
    g = load_graph(hostile_graph(tmp_path), use_cache=False)
    page = render_html(g, ["base"], title=f"My {SCRIPT} graph")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    heading = re.search(r'<h1 id="heading">(.*?)</h1>', page, re.S).group(1)
    assert title == "alias &lt;img src=x onerror=window.__pwned=1&gt; — lineage graph"
    assert heading == "alias &lt;img src=x onerror=window.__pwned=1&gt; and what it builds on"
    subtitle = re.search(r'<p id="subtitle">(.*?)</p>', page, re.S).group(1)
    assert subtitle.startswith("My &lt;script&gt;window.__pwned=1&lt;/script&gt; graph · ")


# ---- links and resources ----------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("http://example.org/x", "http://example.org/x"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("data:text/html,<script>1</script>", None),
    ("file:///etc/passwd", None),
    ("//example.org/x", None),
    ("", None),
    (None, None),
])
def test_only_http_links_are_kept(url, expected):
    assert safe_link(url) == expected


def test_a_non_http_link_never_reaches_the_page():
    # build_graph takes records as they are (no validation), as a library caller might.
    g = build_graph([Paper("p", "P", ("A",), 2020, url="javascript:window.__pwned=1")], [])
    page = render_html(g)
    assert "javascript:window" not in page
    assert json_blocks(page)["lineage-data"]["papers"]["p"]["link"] is None


def test_the_page_loads_nothing_from_anywhere(tmp_path):
    page = render_html(load_graph(small_graph(tmp_path), use_cache=False), ["r1"])
    assert not re.search(r"<(script|img|iframe|embed|object|audio|video|source)\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()


def test_content_security_policy_allows_exactly_the_inlined_scripts(tmp_path):
    page = render_html(load_graph(small_graph(tmp_path), use_cache=False), ["r1"])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp))
    scripts = executable_scripts(page)
    assert len(scripts) == 2
    assert allowed == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_vis_network_is_inlined(tmp_path):
    page = render_html(load_graph(small_graph(tmp_path), use_cache=False))
    assert "vis-network" in page and len(page) > 400_000  # the library itself, ~470 KB


# ---- which papers --------------------------------------------------------------------------------

def test_targets_show_their_lineage_only(tmp_path):
    g = load_graph(small_graph(tmp_path), use_cache=False)
    data = json_blocks(render_html(g, ["r1"]))
    assert set(data["lineage-data"]["papers"]) == set(R1_ORDER)
    assert [n["id"] for n in data["vis-data"]["nodes"]] and len(data["vis-data"]["nodes"]) == 8
    assert len(data["lineage-data"]["edges"]) == 11  # every edge except none: side has none
    assert data["vis-data"]["edges"] == []  # the page builds vis edges from the data block
    assert data["lineage-data"]["meta"]["targets"] == ["r1"]
    assert [p for p, d in data["lineage-data"]["papers"].items() if d["target"]] == ["r1"]


def test_context_adds_the_rest_dimmed(tmp_path):
    g = load_graph(small_graph(tmp_path), use_cache=False)
    view = choose_view(g, ["cot"], context=True)
    assert set(view.ids) == set(g.nodes)
    assert view.dimmed == set(g.nodes) - {"cot", "gpt", "attn", "rnn"}
    papers = json_blocks(render_html(g, ["cot"], context=True))["lineage-data"]["papers"]
    assert {p for p, d in papers.items() if d["dim"]} == view.dimmed


def test_kind_filter_keeps_only_those_links(tmp_path):
    g = load_graph(small_graph(tmp_path), use_cache=False)
    data = json_blocks(render_html(g, ["r1"], kinds=["method", "training"]))["lineage-data"]
    assert {e["kind"] for e in data["edges"]} == {"method", "training"}
    # followed like `order --kind method --kind training`: r1 ← rlhf ← rnn, r1 ← cot; gpt is reached
    # from cot only through a method edge, and bert/aaa-late only through other kinds.
    assert set(data["papers"]) == {"r1", "rlhf", "rnn", "cot", "gpt"}


def random_dag(n: int, seed: int) -> nx.DiGraph:
    rnd = random.Random(seed)
    papers = [Paper(f"p{i:04d}", f"Paper {i}", ("A",), 1990 + i * 30 // n, topics=(rnd.choice(["vision", "agents"]),))
              for i in range(n)]
    edges = {(f"p{i:04d}", f"p{rnd.randrange(i):04d}") for i in range(1, n) for _ in range(rnd.randint(1, 3))}
    return build_graph(papers, [Edge(a, b, "", "method") for a, b in sorted(edges)])


def test_huge_graph_with_target_shows_its_neighbourhood():
    g = random_dag(300, 1)
    target = "p0150"
    view = choose_view(g, [target], context=True, max_nodes=100)
    expected = nx.ancestors(g, target) | {target} | set(g.successors(target))
    assert set(view.ids) == expected
    assert view.dimmed == set(g.successors(target)) - nx.ancestors(g, target)
    assert view.mode == "neighbourhood" and "more than 100" in view.note


def test_a_lineage_too_big_to_draw_is_cut_to_the_papers_nearest_the_target():
    rnd = random.Random(5)  # each paper builds on 1-3 of the 15 before it: deep, wide lineages
    papers = [Paper(f"p{i:04d}", f"Paper {i}", ("A",), 1990 + i // 10) for i in range(300)]
    edges = {(f"p{i:04d}", f"p{j:04d}") for i in range(1, 300)
             for j in rnd.sample(range(max(0, i - 15), i), min(i, rnd.randint(1, 3)))}
    g = build_graph(papers, [Edge(a, b, "", "method") for a, b in sorted(edges)])
    target = "p0299"
    lineage = nx.ancestors(g, target) | {target}
    assert len(lineage) > 40
    view = choose_view(g, [target], max_nodes=40)
    shown = set(view.ids)
    hops = nx.single_source_shortest_path_length(g.reverse(copy=False), target)  # oracle
    assert len(shown) == 40 and shown <= lineage and target in shown
    assert view.mode == "nearest" and f"{len(lineage)} papers (more than 40)" in view.note
    cut = max(hops[n] for n in shown)
    assert {n for n in lineage if hops[n] < cut} <= shown  # every closer level is whole
    assert all(hops[n] >= cut for n in lineage - shown)
    # from the level that did not fit, the ones the closer papers build on most were kept
    closer = {n for n in lineage if hops[n] < cut}
    users = {n: len(set(g.successors(n)) & closer) for n in lineage if hops[n] == cut}
    kept = [users[n] for n in users if n in shown]
    dropped = [users[n] for n in users if n not in shown]
    assert not dropped or min(kept) >= max(dropped)


def test_huge_graph_without_target_shows_the_most_influential():
    g = random_dag(300, 2)
    view = choose_view(g, max_nodes=100, top=20)
    counts = {n: len(nx.descendants(g, n)) for n in g}
    threshold = sorted(counts.values(), reverse=True)[19]
    assert len(view.ids) == 20
    assert all(counts[n] >= threshold for n in view.ids)
    assert all(counts[n] <= threshold for n in set(g) - set(view.ids))
    assert "20 most influential" in view.note


def test_in_page_order_is_marked_partial_when_prerequisites_are_missing():
    g = random_dag(300, 3)
    view = choose_view(g, max_nodes=100, top=20)
    papers = json_blocks(render_html(g, view=view))["lineage-data"]["papers"]
    for node, data in papers.items():
        assert data["complete"] == (nx.ancestors(g, node) <= set(view.ids)), node


# ---- look ---------------------------------------------------------------------------------------

def test_layout_reads_left_to_right_by_date_and_groups_topics():
    g = random_dag(120, 4)
    papers = [g.nodes[n]["paper"] for n in g]
    result = layout(papers)
    pos = result.positions
    assert len(set(pos.values())) == len(papers)
    for a in papers:
        for b in papers:
            if a.year < b.year:
                assert pos[a.id][0] < pos[b.id][0]
    lanes = {topic: (top, bottom) for topic, top, bottom in result.lanes}
    for p in papers:
        top, bottom = lanes[p.topics[0]]
        assert top < pos[p.id][1] < bottom
    random.Random(5).shuffle(papers)
    assert layout(papers) == result


def test_size_is_importance_to_the_target_and_targets_and_read_papers_stand_out(tmp_path):
    g = load_graph(small_graph(tmp_path), use_cache=False)
    page = json_blocks(render_html(g, ["r1"], read={"gpt"}))
    nodes = {n["id"]: n for n in page["vis-data"]["nodes"]}
    papers = page["lineage-data"]["papers"]
    # not global influence (rnn has the most descendants): hops back from the target
    assert nodes["r1"]["size"] > nodes["cot"]["size"] == nodes["bert"]["size"] > nodes["rnn"]["size"]
    assert [papers[n]["level"] for n in ("r1", "cot", "gpt", "attn", "rnn")] == [0, 1, 2, 2, 2]
    assert nodes["r1"]["borderWidth"] > nodes["rnn"]["borderWidth"] and "shadow" in nodes["r1"]
    assert nodes["gpt"]["color"]["border"] == "#2b8a3e" and nodes["bert"]["color"]["border"] != "#2b8a3e"
    assert all("label" not in n for n in nodes.values())  # names are drawn by the page (LABEL_RULE)


def test_at_most_ten_lane_colours_and_readable_lane_names():
    from lineage.formats.page.html import contrast
    from lineage.model import TOPICS

    papers = [Paper(f"p{i}", f"P {i}", ("A",), 2000 + i % 20, topics=(TOPICS[i % len(TOPICS)],))
              for i in range(200)]
    data = json_blocks(render_html(build_graph(papers, [])))["lineage-data"]
    colours = {t["color"] for t in data["topics"]}
    assert len(colours) <= 10 and len(data["topics"]) <= 10
    other = [t for t in data["topics"] if t["name"] == "other"][0]
    assert len(other["members"]) == len(TOPICS) - 9
    for t in data["topics"]:
        assert contrast(t["text"], "#ffffff") >= 4.5, t


def test_context_subtitle_counts_the_lineage_and_the_faded_rest_apart(tmp_path):
    g = load_graph(small_graph(tmp_path), use_cache=False)
    page = render_html(g, ["cot"], context=True)
    subtitle = re.search(r'<p id="subtitle">(.*?)</p>', page, re.S).group(1)
    assert subtitle == "small · 4 papers · 3 links · the graph&#39;s other 5 papers shown faded behind them"


# ---- the command ----------------------------------------------------------------------------------

def test_render_command_writes_one_file(run, tmp_path):
    folder = small_graph(tmp_path)
    out = tmp_path / "site" / "graph.html"
    result = run("--graph", str(folder), "render", "R1", "-o", str(out))
    assert result.exit_code == 0
    assert f"wrote {out}" in result.stderr and "8 papers" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<title>R1 — lineage graph</title>" in page
    assert list(tmp_path.joinpath("site").iterdir()) == [out]


def test_render_command_ticks_the_papers_marked_read(run, tmp_path):
    folder = small_graph(tmp_path)
    assert run("--graph", str(folder), "done", "gpt", "rnn").exit_code == 0
    out = tmp_path / "g.html"
    assert run("--graph", str(folder), "render", "r1", "-o", str(out)).exit_code == 0
    blocks = json_blocks(out.read_text(encoding="utf-8"))
    assert {p for p, d in blocks["lineage-data"]["papers"].items() if d["read"]} == {"gpt", "rnn"}
    labels = {p: d["label"] for p, d in blocks["lineage-data"]["papers"].items()}
    assert labels["gpt"] == "GPT" and labels["attn"] == "Transformer"  # the page prefixes ✓ to read ones


def test_render_command_says_when_it_shows_only_part(run, tmp_path, monkeypatch):
    import lineage.formats.page.html as html

    monkeypatch.setattr(html, "MAX_NODES", 5)
    folder = small_graph(tmp_path)
    result = run("--graph", str(folder), "render", "cot", "--context", "-o", str(tmp_path / "g.html"))
    assert result.exit_code == 0
    assert "note: the graph has 9 papers (more than 5)" in result.stderr
    data = json_blocks((tmp_path / "g.html").read_text(encoding="utf-8"))["lineage-data"]
    # cot's lineage (cot, gpt, attn, rnn) plus what builds on cot directly (r1)
    assert set(data["papers"]) == {"cot", "gpt", "attn", "rnn", "r1"}


def test_render_command_rejects_unknown_names(run, tmp_path):
    result = run("--graph", str(small_graph(tmp_path)), "render", "nonesuch", "-o", str(tmp_path / "g.html"))
    assert result.exit_code == 1 and "no paper called 'nonesuch'" in result.stderr
    assert not (tmp_path / "g.html").exists()


def test_order_does_not_import_pyvis(tmp_path):
    folder = small_graph(tmp_path)
    code = ("import sys; from click.testing import CliRunner; from lineage.cli.app import cli; "
            f"r = CliRunner().invoke(cli, ['--graph', {str(folder)!r}, 'order', 'r1']); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('pyvis', 'jinja2', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def random_roles_graph(n: int, seed: int) -> nx.DiGraph:
    """A random DAG whose links are a mix of core and context roles."""
    rnd = random.Random(seed)
    papers = [Paper(f"p{i:03d}", f"P{i}", ("A",), 2000 + i // 5, month=1 + i % 5) for i in range(n)]
    edges = [Edge(f"p{i:03d}", f"p{j:03d}", "why", "method", rnd.choice(["core", "core", "context"]))
             for i in range(1, n) for j in rnd.sample(range(i), min(i, rnd.randint(0, 3)))]
    return build_graph(papers, edges)


@pytest.mark.parametrize("seed", range(6))
def test_a_target_page_draws_the_core_lineage_and_its_related_papers(seed):
    # the oracle: networkx ancestors over a copy with only the core links; related = outside it,
    # with a context link into it
    g = random_roles_graph(60, seed)
    target = "p059"
    core = nx.DiGraph((u, v) for u, v, d in g.edges(data=True) if d["role"] == "core")
    core.add_nodes_from(g)
    lineage = nx.ancestors(core, target) | {target}
    related = {u for u, v, d in g.edges(data=True) if v in lineage and u not in lineage and d["role"] == "context"}
    view = choose_view(g, [target])
    assert set(view.ids) == lineage | related and view.related == related and view.follow == "core"
    papers = json_blocks(render_html(g, [target]))["lineage-data"]["papers"]
    assert {p for p, d in papers.items() if d["related"]} == related
    # importance to the target counts core hops only: the related papers have no level
    assert all(papers[p]["level"] is None for p in related)
    assert {p for p, d in papers.items() if d["level"] == 1} == set(core.predecessors(target))
    # --all: every link's lineage, nothing marked related
    everything = choose_view(g, [target], follow="all")
    assert set(everything.ids) == nx.ancestors(g, target) | {target} and not everything.related


def test_cli_render_all_draws_every_links_lineage(tmp_path, run):
    folder = small_graph(tmp_path)
    g = load_graph(folder, use_cache=False)
    out = tmp_path / "page.html"
    assert run("render", "r1", "--graph", str(folder), "--all", "-o", str(out)).exit_code == 0
    data = json_blocks(out.read_text())["lineage-data"]
    assert set(data["papers"]) == nx.ancestors(g, "r1") | {"r1"} and data["meta"]["follow"] == "all"
    help_text = run("render", "--help").output
    assert "influence" not in help_text and "--all" in help_text and "related" in help_text


def test_a_copy_of_the_graph_draws_its_own_counts(tmp_path):
    """Nothing the page computes is kept on the graph: a copy that gains a paper shows it."""
    import networkx as nx

    g = load_graph(small_graph(tmp_path), use_cache=False)

    def descendants_of(graph: nx.DiGraph, node: str) -> int:
        return json_blocks(render_html(graph))["lineage-data"]["papers"][node]["descendants"]

    before = descendants_of(g, "rnn")
    copy = nx.DiGraph(g)
    copy.add_node("later", paper=Paper("later", "A Later Paper", ("Ada Lovelace",), 2030,
                                       url="https://example.org/later"))
    copy.add_edge("rnn", "later", kind="method", why="uses it", role="core")
    assert descendants_of(copy, "rnn") == before + 1
    assert descendants_of(g, "rnn") == before
