"""How long `lineage render` takes, and how long its page takes to draw in headless Chromium.

    .venv/bin/python bench/render_timing.py [N ...]     # default: the shipped graph and N=2000

Not part of `make test` (no timed tests). Prints one line per case: papers and links on the page,
Python render time (median of 3, graph already loaded), page size, the time from navigation
to the first full drawing in Chromium at 1440x900, how long selecting a paper takes until the
next full drawing (list, panel, fade, re-fit), and how many names the first view shows.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def render_time(graph, targets) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    from lineage.formats.page import render_html

    runs, page = [], ""
    for _ in range(3):
        start = time.perf_counter()
        page = render_html(graph, targets)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), page


def draw_time(browser, path: Path, click: str) -> tuple[float, float, int, int, str]:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.route("http*://**", lambda route: route.abort())
    page.goto(path.as_uri())
    while not page.evaluate("window.lineage ? lineage.ready : false"):
        page.wait_for_timeout(20)
    drawn = page.evaluate("lineage.drawnAt")  # ms since navigation started
    counts = page.evaluate("[nodes.length, lineage.linkCount()]")
    labels = page.evaluate("lineage.labels()")
    names = (f"{len(labels)} names, smallest {min(x['px'] for x in labels)} px" if labels else "no names")
    # selecting a paper: list, panel, fade and re-fit, then the next full drawing
    clicked = page.evaluate("""id => new Promise(done => { const t = performance.now();
        lineage.select(id); network.once('afterDrawing', () => done(performance.now() - t)); network.redraw(); })""",
                            click)
    page.close()
    return drawn / 1000, clicked / 1000, counts[0], counts[1], names


def main(sizes: list[int]) -> None:
    from gen import generate
    from playwright.sync_api import sync_playwright

    from lineage.io.graph_files import load_graph

    cases = []
    try:
        shipped = load_graph(ROOT / "graph")
        cases.append(("shipped, deepseek-r1", shipped, ["deepseek-r1"] if "deepseek-r1" in shipped else []))
        cases.append(("shipped, whole graph", shipped, []))
    except Exception as exc:  # the curated graph may be mid-edit
        print(f"shipped graph skipped: {exc}")
    tmp = Path(tempfile.mkdtemp())
    for n in sizes:
        folder = tmp / f"g{n}"
        generate(n, folder)
        graph = load_graph(folder)
        cases.append((f"synthetic {n}, whole graph", graph, []))
        last = max(graph, key=lambda x: graph.nodes[x]["paper"].sort_key)
        cases.append((f"synthetic {n}, lineage of its last paper", graph, [last]))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, graph, targets in cases:
            seconds, html = render_time(graph, targets)
            path = tmp / "page.html"
            path.write_text(html, encoding="utf-8")
            click = targets[0] if targets else max(graph, key=lambda x: graph.out_degree(x))
            drawn, clicked, n_nodes, n_edges, names = draw_time(browser, path, click)
            print(f"{name:45s} {n_nodes:5d} papers {n_edges:6d} links  render {seconds:5.2f} s  "
                  f"{len(html) / 1e6:5.1f} MB  drawn in Chromium after {drawn:5.2f} s  select {clicked:5.2f} s  "
                  f"at 1440x900: {names}")
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000])
