"""The graph as one self-contained interactive HTML page that works offline from ``file://``.

pyvis supplies the vis-network library (inlined from its package, never a CDN link) and the
Jinja2 environment; the page itself is our own template (``templates/lineage.html``, .js, .css) because
pyvis 0.3.2's template links Bootstrap from a CDN and lets raw HTML through its heading,
select menu and link tooltips.

The page: the reading order of the targets (following core links; a switch follows all links)
is always visible in a list beside the graph, with read ticks, times, the total and a copy-as-
checklist button; selecting a paper shows its details, fades what is outside its lineage, draws
its path to the target and lists its own order (with a way back). Paper names are drawn by the
page's script at a fixed size on screen (12-16 px), most important to the target first, each
only where it overlaps no other name (zoom reveals more); dot size is importance to the target
(hops back from it), not global influence. Links are drawn by role (core strong, context light
and dashed) and say their kind and why on hover. Pages above 800 papers or 4,000 links draw
their links themselves (vis-network builds an object per link: seconds for tens of thousands).

Safety: every piece of paper data reaches the page once, as JSON inside
``<script type="application/json">`` (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``
so no ``</script>`` or ``<!--`` can appear there), and the page's script builds every visible
element with ``textContent``; only http(s) links become anchors. Template variables are
autoescaped.

>>> from lineage.graph import build_graph
>>> from lineage.model import Paper, Edge
>>> g = build_graph([Paper("a", "A", ("X",), 2017), Paper("b", "B", ("Y",), 2018)],
...                 [Edge("b", "a", "uses A", "method")])
>>> page = render_html(g, ["b"])
>>> page.startswith("<!DOCTYPE html>"), "<link" in page, "<script src" in page
(True, False, False)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...analysis.orders import hops_back, influence, order_subset, prerequisite_levels
from ...model import EDGE_KINDS, TOPICS, Paper
from ...words import plural
from .layout import OTHER_LANE, lane_of, layout

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["View", "choose_view", "nearest_lineage", "render_html", "safe_link", "MAX_NODES", "TOP_NODES"]

#: Above this many papers a page gets slow to draw: show a neighbourhood or the top papers.
MAX_NODES = 3000
#: How many of the most influential papers a page of a huge graph shows (without a target).
TOP_NODES = 1000
#: Above this many papers, influence is counted as direct descendants (exact counting is slow).
EXACT_INFLUENCE_LIMIT = 50_000

TEMPLATES = Path(__file__).with_name("templates")

#: At most this many topics get a hue of their own on one page; the rest share the grey "other" lane.
MAX_HUES = 9
#: Nine hues a colour-blind reader can tell apart (Okabe-Ito and Tableau 10, adjusted), in the order
#: the page's busiest lanes take them; OTHER_COLOR is the grouped rest.
PALETTE = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
           "#ff9da7")
OTHER_COLOR = "#a0a4a8"

#: How a link is drawn by its role: core = the later paper needs the earlier one; context = true but
#: not needed. The page's path-to-target emphasis is PATH_COLOR.
ROLE_STYLES: dict[str, dict[str, object]] = {
    "core": {"color": "#495057", "width": 2.0, "dashes": False, "opacity": 0.8},
    "context": {"color": "#adb5bd", "width": 1.0, "dashes": [4, 5], "opacity": 0.7},
}
#: Links joined from Semantic Scholar citation data (not curated): grey, dotted, thin.
DERIVED_STYLE: dict[str, object] = {"color": "#868e96", "width": 1.2, "dashes": [2, 4], "opacity": 0.85}
PATH_COLOR = "#d9480f"
DIM = "#dee2e6"


@dataclass(frozen=True)
class View:
    """Which papers a page shows: ``ids`` in date order; ``dimmed`` are context only.

    ``note`` says what was left out (for stderr), ``mode`` is one of ``all``, ``targets``,
    ``context``, ``neighbourhood``, ``nearest``, ``top``.
    """

    ids: tuple[str, ...]
    dimmed: frozenset[str] = frozenset()
    note: str | None = None
    mode: str = "all"
    targets: tuple[str, ...] = field(default=())
    #: Papers one context link off the core lineage (``lineage order``'s "Related, not needed to
    #: follow"): drawn as context, faded with a dashed outline.
    related: frozenset[str] = frozenset()
    #: Which links the lineage follows: "core" (as ``lineage order``) or "all" (``--all``).
    follow: str = "core"


def choose_view(graph: nx.DiGraph, targets: Iterable[str] = (), *, context: bool = False,
                kinds: Iterable[str] | None = None, max_nodes: int = MAX_NODES,
                top: int = TOP_NODES, follow: str = "core") -> View:
    """Pick the papers to draw.

    With targets: what ``lineage order`` reads — the targets and everything they build on
    along ``follow``'s links (``"core"``: only the links a reader needs; ``"all"``: every link),
    following only ``kinds`` — plus, with ``"core"``, the related papers one context link off
    that lineage (``View.related``, drawn as context); ``context`` adds the rest of the graph,
    dimmed. Without targets: the whole graph. A graph
    above ``max_nodes`` papers is cut down — to the targets' prerequisites plus their direct
    descendants, or, without targets, to the ``top`` most influential papers — and ``note``
    says so. A lineage itself above ``max_nodes`` papers is cut to the ``max_nodes`` nearest
    the targets (see :func:`nearest_lineage`).
    """
    targets = tuple(dict.fromkeys(targets))
    kinds = tuple(kinds) if kinds is not None else None
    big = len(graph) > max_nodes

    def dated(ids: Iterable[str]) -> tuple[str, ...]:
        nodes = graph.nodes
        return tuple(sorted(ids, key=lambda n: nodes[n]["paper"].sort_key))

    if targets:
        from ...analysis.links import CORE, followed, related_papers

        walked = followed(graph, follow)
        levels = prerequisite_levels(walked, targets, kinds=kinds)
        members = set(targets).union(*levels)
        if len(members) > max_nodes:
            shown, hops = nearest_lineage(walked, targets, kinds=kinds, limit=max_nodes, levels=levels)
            whole = f"everything within {plural(hops, 'hop')}" if hops else "the targets"
            note = (f"the targets' lineage has {len(members)} papers (more than {max_nodes}): showing "
                    f"the {len(shown)} nearest them ({whole}, then the papers of the next hop that "
                    "those build on most); reading orders of papers whose prerequisites are cut "
                    "are marked partial in the page")
            return View(dated(shown), note=note, mode="nearest", targets=targets, follow=follow)
        related: frozenset[str] = frozenset()
        if follow == CORE:
            related = frozenset(r.paper.id for r in related_papers(
                graph, dated(members), kinds=kinds, targets=targets)) - members
        drawn = members | related
        if not context:
            return View(dated(drawn), mode="targets", targets=targets, related=related, follow=follow)
        if not big:
            return View(dated(graph.nodes), frozenset(graph.nodes) - drawn, mode="context",
                        targets=targets, related=related, follow=follow)
        children = {c for t in targets for c in graph.successors(t)} - drawn
        note = (f"the graph has {len(graph)} papers (more than {max_nodes}): showing only the "
                f"{len(drawn)} papers of the targets' lineage and the {len(children)} that "
                "build on a target directly")
        return View(dated(drawn | children), frozenset(children), note, "neighbourhood", targets,
                    related, follow)
    if not big:
        return View(dated(graph.nodes))
    counts = _influence(graph)
    best = sorted(graph.nodes, key=lambda n: (-counts[n], graph.nodes[n]["paper"].sort_key))[:top]
    note = (f"the graph has {len(graph)} papers (more than {max_nodes}): showing the {len(best)} "
            "most influential (most papers building on them); name a target to see its lineage")
    return View(dated(best), note=note, mode="top")


def nearest_lineage(graph: nx.DiGraph, targets: Iterable[str], *, kinds: Iterable[str] | None = None,
                    limit: int = MAX_NODES, levels: list[set[str]] | None = None,
                    ) -> tuple[set[str], int]:
    """The targets and their closest prerequisites, at most ``limit`` papers (never fewer
    than the targets), and how many whole hops back that reaches. ``levels`` are the
    targets' :func:`~lineage.analysis.prerequisite_levels` when already at hand.

    Hop levels are taken whole while they fit; from the first that does not, the papers
    that the ones already taken build on most directly fill the rest (ties: older first,
    then id), so the cut keeps what the targets lean on hardest.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "t"), ("b", "t"), ("c", "a"), ("c", "b"), ("d", "a")])
    >>> shown, hops = nearest_lineage(g, ["t"], limit=4)  # c: both a and b build on it; d: only a
    >>> sorted(shown), hops
    (['a', 'b', 'c', 't'], 1)
    """
    targets = list(targets)
    allowed = set(kinds) if kinds is not None else None
    if levels is None:
        levels = prerequisite_levels(graph, targets, kinds=kinds)
    succ, nodes = graph.succ, graph.nodes
    chosen = set(targets)
    for hops, level in enumerate(levels):
        new = level - chosen  # a target another target builds on is already in
        if len(chosen) + len(new) <= limit:
            chosen |= new
            continue
        taken = frozenset(chosen)  # this level does not fit: rank it by use from what is taken

        def rank(n: str, taken: frozenset[str] = taken) -> tuple:
            users = sum(1 for c, a in succ[n].items()
                        if c in taken and (allowed is None or a.get("kind") in allowed))
            paper = nodes[n].get("paper")
            return (-users, *(paper.sort_key if paper is not None else (0, 0, n)))

        chosen |= set(sorted(new, key=rank)[:max(limit - len(chosen), 0)])
        return chosen, hops
    return chosen, len(levels)


def _influence(graph: nx.DiGraph) -> dict[str, int]:
    """Papers building on each paper, computed from the graph as it is (nothing is kept on it,
    so a copy of the graph never sees another graph's counts)."""
    if len(graph) <= EXACT_INFLUENCE_LIMIT:
        return influence(graph)
    return {n: graph.out_degree(n) for n in graph}


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None (a ``javascript:`` link never becomes an anchor).

    >>> safe_link("https://arxiv.org/abs/1706.03762"), safe_link("javascript:alert(1)")
    ('https://arxiv.org/abs/1706.03762', None)
    """
    if not url:
        return None
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) and len(url) > 8 else None


def _label(paper: Paper) -> str:
    """The name drawn beside a dot: its first alias, else its title, cut at 40 characters."""
    name = _display_name(paper)
    return name if len(name) <= 40 else name[:38].rstrip() + "…"


#: Dot radius (canvas units) by hop distance to the target: the target, what it builds on
#: directly, everything else (also every paper of a page without a target).
NODE_RADIUS = (20.0, 13.0, 8.0)


def _display_name(paper: Paper) -> str:
    # a fetched paper's alias is its Semantic Scholar id, which names nothing to a reader
    return paper.aliases[0] if paper.aliases and not paper.derived else paper.title


def _luminance(color: str) -> float:
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours.

    >>> round(contrast("#000000", "#ffffff"), 1), round(contrast("#777777", "#ffffff"), 2)
    (21.0, 4.48)
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color(color: str, background: str = "#ffffff", ratio: float = 4.6) -> str:
    """``color`` darkened until text in it reaches ``ratio`` contrast on ``background``.

    >>> contrast(text_color("#edc948"), "#ffffff") >= 4.6
    True
    """
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    out = color
    for step in range(101):
        f = 1 - step / 100
        out = f"#{round(r * f):02x}{round(g * f):02x}{round(b * f):02x}"
        if contrast(out, background) >= ratio:
            return out
    return out


def lanes_for(papers: Iterable[Paper]) -> dict[str, str]:
    """Each topic's lane on one page: the MAX_HUES busiest first topics keep their own lane (ties:
    topic order); every other topic goes to the shared ``other`` lane."""
    counts = Counter(map(lane_of, papers))
    rank = {t: i for i, t in enumerate(TOPICS)}
    own = [t for t in sorted(counts, key=lambda t: (-counts[t], rank.get(t, len(rank)), t))
           if t != OTHER_LANE][:MAX_HUES]
    return {t: (t if t in own else OTHER_LANE) for t in counts}


def render_html(graph: nx.DiGraph, targets: Iterable[str] = (), *, context: bool = False,
                kinds: Iterable[str] | None = None, read: Collection[str] = (),
                title: str | None = None, max_nodes: int = MAX_NODES,
                view: View | None = None, follow: str = "core") -> str:
    """The page for ``targets`` (ids; none = the whole graph) as one HTML string.

    ``kinds`` keeps only edges of those kinds (and follows only them to prerequisites, as
    ``lineage order --kind`` does); ``read`` ids are shown ticked; ``title`` names the graph
    (default: from its folder); ``follow`` is ``"core"`` (what ``lineage order`` reads, plus
    the related papers as context) or ``"all"`` (every link's lineage). Pass the :class:`View`
    from :func:`choose_view` to reuse it.
    """
    kinds = tuple(kinds) if kinds is not None else None
    if view is None:
        view = choose_view(graph, targets, context=context, kinds=kinds, max_nodes=max_nodes,
                           follow=follow)
    return _fill_template(_payload(graph, view, kinds=kinds, read=set(read), title=title))


def _graph_name(graph: nx.DiGraph, title: str | None) -> str:
    if title:
        return title
    source = graph.graph.get("source")
    folder = Path(source).name if source else ""
    return "AI paper lineage" if folder in ("", "graph") else folder


def _payload(graph: nx.DiGraph, view: View, *, kinds: tuple[str, ...] | None, read: set[str],
             title: str | None) -> dict[str, object]:
    from ...analysis.timing import format_minutes, reading_times

    nodes = graph.nodes
    shown = set(view.ids)
    allowed = set(kinds) if kinds is not None else None
    papers = [nodes[n]["paper"] for n in view.ids]
    counts = _influence(graph)
    targets = set(view.targets)
    lane_map = lanes_for(papers)
    lane_counts = Counter(lane_map[lane_of(p)] for p in papers)
    lane_names = sorted(set(lane_map.values()) - {OTHER_LANE}, key=lambda t: (
        -lane_counts[t], TOPICS.index(t) if t in TOPICS else 99, t))
    colors = dict(zip(lane_names, PALETTE, strict=False)) | {OTHER_LANE: OTHER_COLOR}
    # Lanes top to bottom in topic order (foundations first), not by size.
    places = layout(papers, lane=lambda p: lane_map[lane_of(p)])

    edges = []
    for u, v, attrs in graph.subgraph(shown).edges(data=True):
        kind = attrs.get("kind") or ""
        if allowed is not None and kind not in allowed:
            continue
        edge = {"from": u, "to": v, "kind": kind, "why": attrs.get("why") or "",
                "role": attrs.get("role") or "core"}
        if attrs.get("source") and attrs.get("source") != "curated":  # joined from citation data
            edge["source"] = str(attrs["source"])
            edge["signal"] = str(attrs.get("signal") or "")
        if u in view.dimmed or v in view.dimmed:
            edge["dim"] = True
        edges.append(edge)
    edges.sort(key=lambda e: (nodes[e["to"]]["paper"].sort_key, nodes[e["from"]]["paper"].sort_key))

    # A paper's in-page reading order is exact when all it builds on is on the page too:
    # ``complete`` along core links (the list's default), ``complete_all`` along every link.
    preds: dict[str, list[str]] = {n: [] for n in shown}
    core_preds: dict[str, list[str]] = {n: [] for n in shown}
    users: dict[str, int] = dict.fromkeys(shown, 0)
    for e in edges:
        preds[e["to"]].append(e["from"])
        if e["role"] != "context":
            core_preds[e["to"]].append(e["from"])
        users[e["from"]] += 1
    complete: dict[str, bool] = {}
    complete_all: dict[str, bool] = {}
    for n in order_subset(graph, shown):
        wanted = [(p, a) for p, a in graph.pred[n].items()
                  if allowed is None or (a.get("kind") or "") in allowed]
        complete_all[n] = all(p in shown for p, _ in wanted) and all(complete_all[p] for p in preds[n])
        complete[n] = (all(p in shown for p, a in wanted if (a.get("role") or "core") != "context")
                       and all(complete[p] for p in core_preds[n]))

    # Importance to the target: core hops back from it (0 = a target, 1 = what it needs directly);
    # papers only context links reach (the related ones) have none and are drawn smallest.
    level = hops_back(core_preds, [t for t in targets if t in shown])
    signals: dict[str, set[str]] = {}
    for e in edges:
        if e.get("signal"):
            for end in (e["from"], e["to"]):
                signals.setdefault(end, set()).add(str(e["signal"]))

    time_of = reading_times()
    paper_data: dict[str, dict[str, object]] = {}
    vis_nodes = []
    for p in papers:
        dim = p.id in view.dimmed
        related = p.id in view.related
        lane = lane_map[lane_of(p)]
        rt = time_of(p)
        paper_data[p.id] = {
            "title": p.title, "authors": list(p.authors), "year": p.year, "month": p.month,
            "arxiv": p.arxiv, "link": safe_link(p.link), "topics": list(p.topics),
            "aliases": list(p.aliases), "summary": p.summary, "why": p.why, "type": p.type,
            "citation": p.citation, "descendants": counts.get(p.id, 0), "lane": lane,
            "target": p.id in targets, "read": p.id in read, "dim": dim,
            "complete": complete[p.id], "complete_all": complete_all[p.id], "label": _label(p),
            "level": level.get(p.id), "users": users[p.id],
            "minutes": rt.minutes, "estimated": rt.estimated,
            "related": related, "derived": p.derived, "source": p.source,
            "signals": sorted(signals.get(p.id, ())),
        }
        vis_nodes.append(_vis_node(p, places.positions[p.id], colors[lane], level.get(p.id), dim=dim,
                                   target=p.id in targets, read=p.id in read, related=related))
    big = len(vis_nodes) > 800 or len(edges) > 4000

    # the related papers in `lineage order`'s order (nearest the targets first), for the list
    related_order: list[str] = []
    if view.related:
        from ...analysis.links import related_papers

        lineage = [n for n in view.ids if n not in view.related and n not in view.dimmed]
        related_order = [r.paper.id for r in related_papers(graph, lineage, kinds=kinds, targets=view.targets)
                         if r.paper.id in view.related]
    name = _graph_name(graph, title)
    target_names = [_display_name(nodes[t]["paper"]) for t in view.targets]
    they = "it builds" if len(target_names) == 1 else "they build"
    heading = f"{', '.join(target_names)} and what {they} on" if target_names else f"The {name} graph"
    focus = [n for n in view.ids if n not in view.dimmed]
    focus_links = sum(1 for e in edges if not e.get("dim"))
    related_n = sum(1 for n in focus if n in view.related)
    if related_n:
        subtitle = (f"{name} · {len(focus) - related_n} papers to read · {related_n} related "
                    f"(context, faded) · {focus_links} links")
    else:
        subtitle = f"{name} · {len(focus)} papers · {focus_links} links"
    if view.follow == "all" and view.targets:
        subtitle += " · following every link"
    if kinds is not None:
        subtitle += " · only " + ", ".join(kinds) + " links"
    if view.dimmed:
        subtitle += f" · the graph's other {len(view.dimmed)} papers shown faded behind them"
    grouped = sorted(t for t, lane in lane_map.items() if lane == OTHER_LANE and t != OTHER_LANE)
    minutes = sum(int(d["minutes"]) for d in paper_data.values())  # type: ignore[call-overload]
    return {
        "meta": {
            "page_title": f"{', '.join(target_names) or name} — lineage graph",
            "heading": heading, "subtitle": subtitle, "graph_name": name,
            "targets": list(view.targets), "mode": view.mode, "note": view.note or "",
            "kinds": list(kinds) if kinds is not None else None, "big": big,
            "focus": focus, "path_color": PATH_COLOR, "roles": ROLE_STYLES,
            "follow": view.follow, "derived_style": DERIVED_STYLE, "related": related_order,
            "total_all": format_minutes(minutes),
        },
        "papers": paper_data,
        "edges": edges,
        "topics": [{"name": lane, "color": colors[lane], "text": text_color(colors[lane]),
                    "lane_count": lane_counts[lane],
                    "members": grouped if lane == OTHER_LANE else [lane]}
                   for lane, _top, _bottom in places.lanes],
        # links are styled by role, not by kind: the legend only names the kinds on the page
        "kinds": [{"name": k, "description": EDGE_KINDS.get(k, "kind not given")}
                  for k in (*EDGE_KINDS, "") if any(e["kind"] == k for e in edges)],
        "axis": {"years": [list(y) for y in places.years], "lanes": [list(lane) for lane in places.lanes]},
        # no vis edges: the page builds them from "edges" (a 20,000-link page stays megabytes smaller)
        "vis": {"nodes": vis_nodes, "edges": [], "options": _options(big)},
    }


def _tint(color: str, amount: float) -> str:
    """``color`` mixed with white (``amount`` 0 = unchanged, 1 = white)."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def _vis_node(p: Paper, xy: tuple[float, float], fill: str, level: int | None, *, dim: bool,
              target: bool, read: bool, related: bool = False) -> dict[str, object]:
    # Names are drawn by the page itself (a fixed size on screen, only where they fit): no vis label.
    topic = fill
    fill = DIM if dim else _tint(fill, 0.55) if related else fill
    size = NODE_RADIUS[min(level, 2)] if level is not None else NODE_RADIUS[2] * (0.8 if related else 1)
    border, border_width = ("#adb5bd" if dim else "#868e96" if related else "#343a40"), 1.2
    dashes: list[int] | bool = [3, 2] if related else False
    if p.derived:  # joined from citation data, not curated: a hollow dot, dotted outline in its topic's hue
        fill, border, border_width, dashes = "#ffffff", (DIM if dim else topic), 2.5, [2, 2]
    if read:
        border, border_width = "#2b8a3e", 3.5
    if target:
        border, border_width = "#111111", 4
    node: dict[str, object] = {
        "id": p.id, "x": xy[0], "y": xy[1], "size": size, "borderWidth": border_width,
        "borderWidthSelected": border_width + 2,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#000000"},
                  "hover": {"background": fill, "border": "#000000"}},
    }
    if dashes:
        node["shapeProperties"] = {"borderDashes": dashes}
    if target:
        node["shadow"] = {"enabled": True, "color": "rgba(240,140,0,0.95)", "size": 24, "x": 0, "y": 0}
    return node


def _options(big: bool) -> dict[str, object]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"shape": "dot"},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": {"enabled": not big, "type": "curvedCW", "roundness": 0.12},
                  "selectionWidth": 2, "hoverWidth": 2.5},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": {"enabled": False},
                        "multiselect": False},
    }


def _asset(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def _fill_template(payload: dict[str, object]) -> str:
    """Fill our template: the vis nodes and options go in as data, and pyvis's package provides
    the vis-network code and styles that we inline."""
    import base64
    import hashlib

    import jinja2
    import pyvis
    from markupsafe import Markup

    vis = payload.pop("vis")
    vis_lib = Path(pyvis.__file__).with_name("templates") / "lib" / "vis-9.1.2"
    scripts = {"vis_js": _asset(vis_lib, "vis-network.min.js"), "app_js": _asset(TEMPLATES, "lineage.js")}
    for code in scripts.values():  # they go verbatim into <script> elements
        if "</script" in code.lower() or "<!--" in code:
            raise ValueError("an inlined script contains </script or <!--")
    # Only these two scripts may run (the JSON data blocks are not scripts): an injected
    # inline handler or <script> would be refused by the browser even if escaping failed.
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
        for code in scripts.values())
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             keep_trailing_newline=True)
    meta = payload["meta"]
    return env.get_template("lineage.html").render(
        page_title=meta["page_title"], heading=meta["heading"], subtitle=meta["subtitle"],  # type: ignore[index]
        payload=payload, vis=vis,
        script_hashes=Markup(hashes), vis_css=Markup(_asset(vis_lib, "vis-network.css")),
        app_css=Markup(_asset(TEMPLATES, "lineage.css")),
        **{k: Markup(v) for k, v in scripts.items()})
