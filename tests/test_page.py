"""The page a reader keeps open (issue 16), measured in headless Chromium: the reading order always
visible and equal to the core-links order, every drawn name legible (font px on screen >= 11) and
no two overlapping, links that say their kind and why, the fade that comes back, contrast computed
from the colours, a tablet layout, keys, and the draw time of a 3,000-paper page.

Skipped loudly, like test_browser.py, when Chromium or playwright is missing. Saves screenshots of
the R1 page to out/r1-initial.png, out/r1-selected.png and out/r1-link-hover.png.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import networkx as nx
import pytest

from conftest import REPO, paper, write_graph
from lineage.analysis.orders import reading_order
from lineage.analysis.plan import build_plan
from lineage.analysis.timing import format_minutes, reading_times
from lineage.formats.page import render_html
from lineage.graph import build_graph
from lineage.io.graph_files import load_graph
from lineage.model import TOPICS, Edge, Paper
from test_browser import Page, browser, shipped_or_skip  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser

VIEWPORTS = [(1440, 900), (1280, 720)]
TIP = "document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent"
MIN_PX = 11


# ---- graphs --------------------------------------------------------------------------------------

def roles_graph(tmp_path: Path) -> Path:
    """The small graph of test_render with two context links: r1 → bert (a critique it argues
    against) and r1 → aaa-late (a benchmark), so bert and aaa-late drop out of r1's core order."""
    papers = [
        paper("rnn", 2014, title="Recurrent Nets", aliases=["RNN"], topics=["foundations"], pages=10),
        paper("attn", 2017, 6, title="Attention Is All You Need", aliases=["Transformer"],
              authors=["Ashish Vaswani"], topics=["architecture"], pages=11),
        paper("rlhf", 2017, 6, title="Learning from Human Preferences", topics=["alignment"]),
        paper("gpt", 2018, 6, title="Generative Pre-Training", aliases=["GPT"], topics=["language-models"]),
        paper("bert", 2018, 10, title="BERT", topics=["language-models"]),
        paper("cot", 2022, title="Chain of Thought", aliases=["CoT"], topics=["reasoning"], minutes=30),
        paper("aaa-late", 2022, 1, title="A Late Benchmark", topics=["reasoning", "data"]),
        paper("r1", 2025, 1, title="DeepSeek-R1: Incentivizing Reasoning", aliases=["R1"],
              authors=["DeepSeek-AI"], topics=["reasoning", "reinforcement-learning"]),
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
        {"paper": "r1", "builds_on": "bert", "kind": "critique", "why": "argues against encoders",
         "role": "context"},
        {"paper": "r1", "builds_on": "cot", "kind": "method", "why": "long chains of thought"},
        {"paper": "r1", "builds_on": "aaa-late", "kind": "evaluation", "why": "reports its score",
         "role": "context"},
    ]
    return write_graph(tmp_path / "roles", papers, edges)


def core_only(graph: nx.DiGraph) -> nx.DiGraph:
    """The oracle's graph: every paper, only the core links (a fresh copy, so no cached order of
    the whole graph can leak into it)."""
    core = nx.DiGraph()
    core.add_nodes_from(graph.nodes(data=True))
    core.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d.get("role", "core") == "core")
    return core


def synthetic(n: int, seed: int = 3, refs: int = 10) -> nx.DiGraph:
    """``n`` papers over 35 years with about ``refs`` links each (a quarter of them context), topics
    skewed like the curated graph's (a few big, many small), short aliases for a third."""
    rnd = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(TOPICS))]
    papers = []
    for i in range(n):
        topic = rnd.choices(TOPICS, weights)[0]
        month = i * 420 // n
        aliases = (f"M{i}-{rnd.choice(['LM', 'Net', 'RL', 'GPT', 'ViT'])}",) if i % 3 == 0 else ()
        papers.append(Paper(f"p{i:05d}", f"Paper number {i} on {topic}", ("A. Author",), 1990 + month // 12,
                            month=1 + month % 12, topics=(topic,), aliases=aliases, summary="s", why="w"))
    edges = set()
    for i in range(1, n):
        for _ in range(min(i, max(1, int(rnd.gauss(refs, 3))))):
            j = i - 1 - min(i - 1, int(rnd.expovariate(1 / (0.02 * n + 20))))
            edges.add((f"p{i:05d}", f"p{j:05d}"))
    return build_graph(papers, [Edge(a, b, f"{a} uses {b}", "method", "context" if rnd.random() < 0.25 else "core")
                                for a, b in sorted(edges)])


def page_for(browser, tmp_path, graph, targets=(), *, size=(1440, 900), name="page.html", **options):  # noqa: F811
    path = tmp_path / name
    path.write_text(render_html(graph, targets, **options), encoding="utf-8")
    return Page(browser, path, size=size)


# ---- measuring -----------------------------------------------------------------------------------

def eventually(page: Page, expression: str, ok, seconds: float = 3.0):  # type: ignore[no-untyped-def]
    """The value of ``expression`` once ``ok(value)`` holds (polled: animations and hover delays
    take a moment, more on a loaded machine), or the last value after ``seconds``."""
    value = page.js(expression)
    for _ in range(int(seconds / 0.05)):
        if ok(value):
            break
        page.page.wait_for_timeout(50)
        value = page.js(expression)
    return value


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                    and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                found.append((a["id"], b["id"]))
    return found


def check_labels(page: Page) -> list[dict]:
    """Every drawn name: at least MIN_PX on screen, its text fits its box (measured again here with
    the canvas font), inside the graph's area, overlapping no other name."""
    labels = page.js("lineage.labels()")
    canvas = page.js("(() => { const b = document.getElementById('mynetwork').getBoundingClientRect();"
                     " return [b.left, b.top, b.right, b.bottom]; })()")
    widths = page.js("""ls => { const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
        const c = document.createElement('canvas').getContext('2d');
        return ls.map(l => { c.font = l.weight + ' ' + l.px + 'px ' + FONT;
                             return c.measureText(l.text).width; }); }""", labels)
    for label, width in zip(labels, widths, strict=True):
        assert label["px"] >= MIN_PX, label
        assert width <= label["w"], (label, width)
        assert canvas[0] <= label["x"] and label["x"] + label["w"] <= canvas[2] + 0.5, label
        assert canvas[1] <= label["y"] and label["y"] + label["h"] <= canvas[3] + 0.5, label
    assert overlaps(labels) == []
    return labels


def luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def parse_colour(text: str) -> tuple[float, float, float]:
    if text.startswith("#"):
        return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    return tuple(float(x) for x in re.findall(r"[\d.]+", text)[:3])  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(parse_colour(a)), luminance(parse_colour(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# ---- the R1 page of the shipped graph ----------------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_r1_page_every_name_legible_none_overlapping_target_first(browser, tmp_path, size):  # noqa: F811
    graph = shipped_or_skip()
    if "deepseek-r1" not in graph:
        pytest.skip("deepseek-r1 is not in the shipped graph yet")
    page = page_for(browser, tmp_path, graph, ["deepseek-r1"], size=size)
    assert page.errors == [] and page.requests == []
    labels = check_labels(page)
    by_id = {label["id"]: label for label in labels}
    # the page draws what `lineage order` reads: the core lineage, plus the papers one context
    # link off it (drawn as context), not every ancestor
    core = core_only(graph)
    lineage = nx.ancestors(core, "deepseek-r1") | {"deepseek-r1"}
    related = {u for u, v, d in graph.edges(data=True)
               if v in lineage and u not in lineage and d.get("role") == "context"}
    papers = page.js("lineage.data.papers")
    assert set(papers) == lineage | related
    assert {p for p, d in papers.items() if d["related"]} == related
    dashed = page.js("nodes.get().filter(n => n.shapeProperties && n.shapeProperties.borderDashes).map(n => n.id)")
    assert set(dashed) >= related
    direct = set(core.predecessors("deepseek-r1"))
    # the target and what it needs directly are all named, and named largest
    assert "deepseek-r1" in by_id and direct <= set(by_id), sorted(direct - set(by_id))
    others = [label["px"] for label in labels if label["id"] != "deepseek-r1" and label["id"] not in direct]
    assert by_id["deepseek-r1"]["px"] > max(by_id[d]["px"] for d in direct) > max(others)
    assert by_id["deepseek-r1"]["weight"] == 700
    # most papers named at first view (the rest on zoom, by the declared rule), the lineage first
    assert len(labels) >= 0.5 * len(papers)
    assert len(lineage & set(by_id)) >= 0.75 * len(lineage)
    # the reading order is on screen without any click, in the order `lineage order` gives
    assert page.js("lineage.selected()") is None
    assert page.order_shown() == reading_order(core_only(graph), "deepseek-r1")
    assert visible_box(page, "#reading-order li")
    if size == (1440, 900):
        save_r1_screenshots(page, graph)
    page.close()


def visible_box(page: Page, selector: str) -> bool:
    return page.js("""s => { const e = document.querySelector(s); if (!e) return false;
        const b = e.getBoundingClientRect();
        return b.width > 0 && b.height > 0 && b.top >= 0 && b.bottom <= innerHeight
               && b.left >= 0 && b.right <= innerWidth; }""",
                   selector)


def save_r1_screenshots(page: Page, graph: nx.DiGraph) -> None:
    out = REPO / "out"
    out.mkdir(exist_ok=True)
    page.page.screenshot(path=str(out / "r1-initial.png"))
    # a link hovered: the one from R1's reasoning prerequisite DeepSeekMath (or any into R1)
    source = "deepseekmath" if graph.has_edge("deepseekmath", "deepseek-r1") else \
        next(iter(graph.predecessors("deepseek-r1")))
    index = page.js("([a, b]) => lineage.data.edges.findIndex(e => e.from === a && e.to === b)",
                    [source, "deepseek-r1"])
    x, y = page.js("i => lineage.linkPoint(i)", index)
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y, steps=8)
    why = graph.edges[source, "deepseek-r1"].get("why", "")
    tip = eventually(page, TIP, lambda t: why in t)
    assert why in tip
    page.page.screenshot(path=str(out / "r1-link-hover.png"))
    page.page.mouse.move(5, 5)
    page.click_node(source)
    page.page.wait_for_timeout(450)
    assert page.js("lineage.selected()") == source
    page.page.screenshot(path=str(out / "r1-selected.png"))


# ---- the list ----------------------------------------------------------------------------------

def test_list_is_visible_at_once_and_follows_core_links_like_the_oracle(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"], read={"gpt"})
    core = reading_order(core_only(graph), "r1")
    assert core == ["rnn", "attn", "rlhf", "gpt", "cot", "r1"]  # bert and aaa-late are context only
    assert page.order_shown() == core
    assert visible_box(page, "#reading-order") and visible_box(page, "#copy")
    # the copy button is above the list; ticks from the read marks; times and the total
    assert page.js("document.getElementById('copy').getBoundingClientRect().bottom <= "
                   "document.getElementById('reading-order').getBoundingClientRect().top")
    assert page.js("[...document.querySelectorAll('#reading-order li.read')].map(li => li.dataset.id)") == ["gpt"]
    assert page.js("document.querySelector('#reading-order li.read .tick').textContent") == "✓"
    time_of = reading_times()
    times = page.js("[...document.querySelectorAll('#reading-order li .time')].map(s => s.textContent)")
    assert times == [format_minutes(time_of(graph.nodes[n]["paper"]).minutes,
                                    estimated=time_of(graph.nodes[n]["paper"]).estimated) for n in core]
    total = sum(time_of(graph.nodes[n]["paper"]).minutes for n in core)
    summary = page.js("document.getElementById('order-summary').textContent")
    assert f"6 papers · 1 read, 5 to go · {format_minutes(total, estimated=True)} in all" in summary
    # the checklist follows the same links
    page.page.click("#copy")
    page.page.wait_for_timeout(150)
    copied = page.js("lineage.lastCopied")
    assert re.findall(r"<!-- lineage:([a-z0-9-]+) -->", copied) == core
    # below it, as `lineage order` prints them: the related papers, not needed to follow
    assert page.js("lineage.relatedListed()") == [r.paper.id for r in build_plan(graph, ["r1"]).related]
    assert sorted(page.js("lineage.relatedListed()")) == ["aaa-late", "bert"]
    # all links: the order of the whole graph
    page.page.check("#follow input[value=all]")
    assert page.order_shown() == reading_order(graph, "r1")
    assert page.js("lineage.relatedListed()") == []  # every link followed: nothing is only related
    for node in ("bert", "cot", "aaa-late"):
        assert page.js("id => lineage.readingOrder(id)", node) == reading_order(core_only(graph), node)
        assert page.js("id => lineage.readingOrder(id, true)", node) == reading_order(graph, node)
    assert page.errors == []
    page.close()


def test_selecting_another_paper_recomputes_the_list_with_a_way_back(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"])
    assert page.js("document.getElementById('order-back').hidden")
    page.click_node("gpt")
    assert page.js("lineage.selected()") == "gpt"
    assert page.order_shown() == reading_order(core_only(graph), "gpt")
    assert page.js("document.getElementById('order-title').textContent") == "Reading order for GPT"
    assert not page.js("document.getElementById('order-back').hidden")
    page.page.click("#order-back")
    assert page.order_shown() == reading_order(core_only(graph), "r1")
    assert page.js("lineage.selected()") is None and page.js("document.getElementById('panel').hidden")
    # hovering an item highlights its paper; clicking selects it and keeps R1's list
    page.page.hover("#reading-order li[data-id=attn] button")
    assert page.js("lineage.hovered()") == "attn"
    assert "attn" in eventually(page, "lineage.labels().map(l => l.id)", lambda ids: "attn" in ids)
    page.page.click("#reading-order li[data-id=attn] button")
    assert page.js("lineage.selected()") == "attn"
    assert page.order_shown() == reading_order(core_only(graph), "r1")
    assert page.js("document.querySelector('#reading-order li.current').dataset.id") == "attn"
    page.close()


# ---- links ---------------------------------------------------------------------------------------

def test_link_hover_and_click_show_kind_and_why_and_core_is_stronger(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"])
    edges = page.js("lineage.data.edges")
    cot = next(i for i, e in enumerate(edges) if e["from"] == "cot" and e["to"] == "r1")
    bert = next(i for i, e in enumerate(edges) if e["from"] == "bert" and e["to"] == "r1")
    x, y = page.js("i => lineage.linkPoint(i)", cot)
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y, steps=8)
    tip = eventually(page, TIP, lambda t: "long chains" in t)
    assert "R1 builds on CoT" in tip and "method" in tip and "long chains of thought" in tip and "core" in tip
    page.page.mouse.click(x, y)
    panel = eventually(page, "document.getElementById('panel').textContent", lambda t: "long chains" in t)
    assert "long chains of thought" in panel and "method" in panel
    core, context = page.js("i => lineage.linkStyle(i)", cot), page.js("i => lineage.linkStyle(i)", bert)
    assert core["width"] > context["width"] and context["dashes"] and not core["dashes"]
    assert contrast(core["color"], "#ffffff") > contrast(context["color"], "#ffffff")
    # selecting a paper: its lineage stays, the rest fades, its path to the target is emphasised
    page.page.keyboard.press("Escape")
    page.click_node("gpt")
    path_colour = page.js("lineage.data.meta.path_color")
    gpt_cot = next(i for i, e in enumerate(edges) if e["from"] == "gpt" and e["to"] == "cot")
    assert page.js("i => lineage.linkStyle(i)", gpt_cot)["color"] == path_colour
    assert page.js("i => lineage.linkStyle(i)", cot)["color"] == path_colour
    rlhf = next(i for i, e in enumerate(edges) if e["from"] == "rlhf" and e["to"] == "r1")
    assert page.js("i => lineage.linkStyle(i)", rlhf)["opacity"] < 0.1  # outside gpt's lineage
    assert page.js("nodes.get('rlhf').opacity") < 0.5 and page.js("nodes.get('attn').opacity") == 1
    page.close()


def test_fade_goes_away_after_closing_the_panel(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"])
    snapshot = ("JSON.stringify([nodes.get(), edges.get(), "
                "lineage.labels().map(l => [l.id, l.color, l.px, l.weight]).sort()])")
    before = page.js(snapshot)
    for close in ("button", "Escape"):
        page.click_node("gpt")
        assert page.js("nodes.get('rlhf').opacity") < 0.5
        named = eventually(page, "lineage.labels().map(l => l.id)", lambda ids: "rlhf" not in ids)
        assert "rlhf" not in named and "gpt" in named  # faded: unnamed
        if close == "button":
            page.page.click("#panel .close")
        else:
            page.page.keyboard.press("Escape")
        page.page.wait_for_timeout(100)
        assert page.js("document.getElementById('panel').hidden")
        assert eventually(page, snapshot, lambda now: now == before) == before, close
        page.page.click("#order-back")
    page.close()


# ---- colour ---------------------------------------------------------------------------------------

def test_lane_names_legend_and_list_text_reach_4_5_to_1(browser, tmp_path):  # noqa: F811
    graph = synthetic(500)
    page = page_for(browser, tmp_path, graph, size=(1440, 900))
    topics = page.js("lineage.data.topics")
    assert len({t["color"] for t in topics}) <= 10
    for t in topics:  # lane names are drawn in t.text on the white strip at the left
        assert contrast(t["text"], "#ffffff") >= 4.5, t
    pairs = page.js("""() => {
        const out = [];
        const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                          if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }
                          return 'rgb(255, 255, 255)'; };
        for (const root of ['#legend', '#order-panel', 'header#top']) {
          for (const e of document.querySelectorAll(root + ' *')) {
            if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            if (e.closest('[hidden]') || e.tagName === 'OPTION') continue;
            out.push([e.tagName + '.' + e.className + ':' + e.textContent.slice(0, 20),
                      getComputedStyle(e).color, bg(e)]);
          }
        }
        return out; }""")
    assert len(pairs) > 20
    low = [(what, fg, bg, round(contrast(fg, bg), 2)) for what, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []
    page.close()


# ---- big pages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_whole_graph_of_500_papers_names_by_the_declared_rule(browser, tmp_path, size):  # noqa: F811
    graph = synthetic(500)
    page = page_for(browser, tmp_path, graph, size=size)
    assert page.errors == []
    labels = check_labels(page)
    assert len(labels) >= 15
    assert "zoom" in page.js("lineage.labelRule")
    # a page this big draws its links itself: hovering one still says its kind and why
    assert page.js("lineage.data.meta.big") and page.js("edges.length") == 0
    x, y = page.js("i => lineage.linkPoint(i)", 2000)
    page.page.mouse.move(x - 20, y - 20)
    page.page.mouse.move(x, y, steps=6)
    tip = eventually(page, TIP, lambda t: "Why" in t)
    assert " builds on " in tip and re.search(r"Why: p\d+ uses p\d+", tip) and "method" in tip, tip
    page.page.mouse.move(2, 2)

    def named_share() -> float:
        shown = page.js("""() => { const c = document.getElementById('mynetwork');
            const w = c.clientWidth, h = c.clientHeight;
            return Object.keys(lineage.data.papers).filter(id => {
                const p = network.canvasToDOM(network.getPositions([id])[id]);
                return p.x > 0 && p.y > 0 && p.x < w && p.y < h; }).length; }""")
        return len(page.js("lineage.labels()")) / shown

    before = named_share()
    page.js("network.moveTo({scale: network.getScale() * 4, animation: false})")
    page.page.wait_for_timeout(100)
    check_labels(page)
    assert named_share() > 2 * before  # zooming in reveals more names
    page.close()


def test_three_thousand_papers_draw_every_node_link_and_legible_name(browser, tmp_path):  # noqa: F811
    """The 3,000-paper page draws completely. Its speed (issue 16: within 3 s) is measured by
    `bench/render_timing.py 3000`, not here: a shared CI machine makes a tight timed test flaky;
    the bound below only catches a drawing that stopped scaling (minutes, not seconds)."""
    graph = synthetic(3000)
    assert graph.number_of_edges() > 25_000
    page = page_for(browser, tmp_path, graph)
    drawn = page.js("lineage.drawnAt")  # ms from navigation to the first full drawing
    assert page.js("nodes.length") == 3000 and page.js("lineage.linkCount()") == graph.number_of_edges()
    assert drawn <= 30_000, f"drawn after {drawn:.0f} ms"
    check_labels(page)
    page.close()


# ---- keys, filter, small screens -------------------------------------------------------------

def test_keys_slash_arrows_escape(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"])
    page.page.keyboard.press("/")
    assert page.js("document.activeElement.id") == "search"
    page.page.keyboard.press("Escape")
    assert page.js("document.activeElement.id") != "search"
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.activeElement.closest('li').dataset.id") == "rnn"
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.activeElement.closest('li').dataset.id") == "rlhf"
    assert page.js("lineage.hovered()") == "rlhf"
    page.page.keyboard.press("Enter")
    assert page.js("lineage.selected()") == "rlhf"
    page.page.keyboard.press("Escape")
    assert page.js("lineage.selected()") is None and page.js("document.getElementById('panel').hidden")
    page.close()


def test_topic_filter_refits_to_the_papers_left(browser, tmp_path):  # noqa: F811
    graph = synthetic(500)
    page = page_for(browser, tmp_path, graph)
    scale = page.js("network.getScale()")
    topic = page.js("lineage.data.topics[4].name")
    page.page.select_option("#topic-filter", topic)
    page.page.wait_for_timeout(500)
    assert page.js("network.getScale()") > scale
    inside = page.js("""() => { const c = document.getElementById('mynetwork');
        const w = c.clientWidth, h = c.clientHeight;
        return nodes.get({filter: n => !n.hidden}).map(n => {
            const p = network.canvasToDOM(network.getPositions([n.id])[n.id]);
            return p.x > 0 && p.y > 0 && p.x < w && p.y < h; }); }""")
    assert inside and all(inside)
    check_labels(page)
    page.close()


def test_tablet_stacks_the_list_above_the_graph(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"], size=(820, 1180))
    boxes = page.js("""() => ['order-panel', 'graph-wrap'].map(id => {
        const b = document.getElementById(id).getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })""")
    (l0, t0, r0, b0), (l1, t1, r1, b1) = boxes
    assert b0 <= t1 + 1 and r0 - l0 > 700 and r1 - l1 > 700  # one above the other, full width
    assert b0 - t0 > 200 and b1 - t1 > 400
    assert page.order_shown() == reading_order(core_only(graph), "r1")
    check_labels(page)
    page.close()


def test_context_page_fits_the_lineage_and_names_its_lanes_whole(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["cot"], context=True)
    gutter = page.js("lineage.chrome()[0].w")
    widths = page.js("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
        return Object.values(lineage.laneLines()).flat().map(line => c.measureText(line).width); }""")
    assert max(widths) + 11 < gutter  # the lane names are pinned to the left and never cut
    lines = page.js("lineage.laneLines()")
    assert {name: "".join(parts) for name, parts in lines.items()} == {name: name for name in lines}
    inside = page.js("""() => { const c = document.getElementById('mynetwork'), w = c.clientWidth, h = c.clientHeight;
        return lineage.data.meta.focus.map(id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            return p.x > 0 && p.y > 0 && p.x < w && p.y < h; }); }""")
    assert all(inside)
    check_labels(page)
    page.close()


# ---- derived data (Semantic Scholar citations, not curated) ----------------------------------------

HOSTILE = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"


def joined_roles_graph(tmp_path: Path) -> nx.DiGraph:
    """The roles graph joined, as lineage.fetch.joined_graph joins, with one fetched paper whose
    title is hostile: r1 builds on it (core, signal "influential") and it builds on cot (signal
    "methodology"); fetched links carry source, signal and a quoted citation context as why."""
    graph = nx.DiGraph(load_graph(roles_graph(tmp_path), use_cache=False))  # joined_graph copies too
    fetched = Paper("s2-0123456789", f"Fetched {HOSTILE}", ("S. Scholar",), 2024, month=6,
                    aliases=("0123456789abcdef",), why="derived", source="semantic-scholar")
    graph.add_node(fetched.id, paper=fetched, source="semantic-scholar")
    graph.add_edge(fetched.id, "r1", kind=None, role="core", source="semantic-scholar", signal="influential",
                   why=f"“we build on {HOSTILE}” (cited; influential, per Semantic Scholar)")
    graph.add_edge("cot", fetched.id, kind=None, role="core", source="semantic-scholar", signal="methodology",
                   why="“as in CoT” (cited; methodology, per Semantic Scholar)")
    return graph


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["csp", "no-csp"])
def test_derived_papers_and_links_have_their_own_style_legend_and_hover(browser, tmp_path, bypass_csp):  # noqa: F811
    graph = joined_roles_graph(tmp_path)
    path = tmp_path / "joined.html"
    path.write_text(render_html(graph, ["r1"]), encoding="utf-8")
    page = Page(browser, path, bypass_csp=bypass_csp)
    assert page.errors == [] and page.requests == []
    fetched = "s2-0123456789"
    # the dot: hollow with a dotted outline; curated dots are filled with a solid one
    node = page.js("id => nodes.get(id)", fetched)
    assert node["color"]["background"] == "#ffffff" and node["shapeProperties"]["borderDashes"]
    for curated in ("cot", "gpt", "r1"):
        other = page.js("id => nodes.get(id)", curated)
        assert other["color"]["background"] != "#ffffff" and "shapeProperties" not in other
    # the links: dotted grey, unlike both curated roles
    edges = page.js("lineage.data.edges")
    derived = next(i for i, e in enumerate(edges) if e["from"] == fetched and e["to"] == "r1")
    curated_core = next(i for i, e in enumerate(edges) if e["from"] == "cot" and e["to"] == "r1")
    curated_context = next(i for i, e in enumerate(edges) if e["from"] == "bert" and e["to"] == "r1")
    style = page.js("i => lineage.linkStyle(i)", derived)
    assert style["dashes"] and style != page.js("i => lineage.linkStyle(i)", curated_core)
    assert style["dashes"] != page.js("i => lineage.linkStyle(i)", curated_context)["dashes"]
    # named by its title (its alias is a Semantic Scholar id, which names nothing), as text
    item = page.js("id => document.querySelector(`#reading-order li[data-id='${id}'] .go`).textContent", fetched)
    assert item == f"Fetched {HOSTILE}"
    # the legend explains it
    legend = page.js("document.getElementById('legend-marks').textContent")
    assert "derived from Semantic Scholar citations, not curated" in legend
    # hovering the paper says derived and shows the signal; the hostile title is text
    x, y = page.node_point(fetched)
    page.page.mouse.move(x - 40, y - 40)
    page.page.mouse.move(x, y, steps=8)
    tip = eventually(page, TIP, lambda t: "Derived" in t)
    assert "Derived from Semantic Scholar citations, not curated" in tip
    assert "signal: influential, methodology" in tip and f"Fetched {HOSTILE}" in tip
    # hovering its link says derived, the signal and the quoted context, as text
    page.page.mouse.move(5, 5)
    x, y = page.js("i => lineage.linkPoint(i)", derived)
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y, steps=8)
    tip = eventually(page, TIP, lambda t: "we build on" in t)
    assert "Derived from Semantic Scholar citations, not curated · signal: influential" in tip
    assert f"“we build on {HOSTILE}”" in tip
    page.page.mouse.move(5, 5)
    page.click_node(fetched)
    panel = page.js("document.getElementById('panel').textContent")
    assert f"Fetched {HOSTILE}" in panel and "not curated" in panel
    assert page.js("typeof window.__pwned") == "undefined" and page.js("document.images.length") == 0
    assert page.errors == [] and page.requests == []
    page.close()


def test_a_curated_page_has_no_derived_legend(browser, tmp_path):  # noqa: F811
    graph = load_graph(roles_graph(tmp_path), use_cache=False)
    page = page_for(browser, tmp_path, graph, ["r1"])
    assert "Semantic Scholar" not in page.js("document.getElementById('legend').textContent")
    assert page.js("document.querySelectorAll('#legend-marks .derived-legend').length") == 0
    page.close()
