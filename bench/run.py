"""Speed and scale benchmark: `make bench` (not part of `make test`).

Generates citation-shaped graphs of 1k, 10k and 100k papers (~10 prerequisites each, see
bench/gen.py), writes them as papers.yaml/edges.yaml in a temporary folder and measures cold
CLI calls (each a fresh process: median wall time, peak RSS from the child's own rusage):

  check          parse + validate the YAML (never cached)
  order, first   no cache yet: parse, validate, write the cache, answer
  order, cached  the graph unchanged since the last run: served from the cache
  prereqs        cached
  progress       cached, nothing read: every paper of the lineage grouped by hops (was
                 quadratic in the number of distinct hops before issue 19)
  render         cached; above a few thousand papers it draws the target's neighbourhood
  baseline       what anyone would write first: yaml.safe_load + nx.DiGraph + nx.ancestors
                 + nx.lexicographical_topological_sort on the subgraph (stopped at a cap)

plus, in-process on the loaded 100k graph, `reading_order` for targets with small to large
prerequisite sets (its cost follows the set, not the graph), and the shipped graph's
`lineage order deepseek-r1` next to `python -c "import networkx"`.

Prints a Markdown table and writes out/bench.md. Usage: python bench/run.py [--quick]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "src"))

from gen import generate  # noqa: E402

PYTHON = sys.executable
LINEAGE = [PYTHON, "-m", "lineage"]
BASELINE_CAP = 60.0  # seconds; the naive baseline takes minutes at 100k papers

BASELINE = r'''
import sys, yaml, networkx as nx
folder, target = sys.argv[1], sys.argv[2]
with open(folder + "/papers.yaml", encoding="utf-8") as f:
    papers = yaml.safe_load(f)
with open(folder + "/edges.yaml", encoding="utf-8") as f:
    edges = yaml.safe_load(f)
g = nx.DiGraph()
for p in papers:
    g.add_node(p["id"], **p)
for e in edges:
    g.add_edge(e["builds_on"], e["paper"], **e)
members = nx.ancestors(g, target) | {target}
key = lambda n: (g.nodes[n]["year"], g.nodes[n].get("month") or 0, n)
for n in nx.lexicographical_topological_sort(g.subgraph(members), key=key):
    print(n, g.nodes[n]["title"])
'''


def run(cmd: list[str], *, env: dict[str, str], timeout: float | None = None,
        ) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MB) of this child alone, exit code, stderr tail."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=ROOT)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return float("inf"), float("nan"), -9, "stopped at the cap"
        time.sleep(0.005)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err[-2000:]


def measure(label: str, cmd: list[str], runs: int, *, env: dict[str, str],
            before=None, timeout: float | None = None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    walls, rss, errs = [], [], ""
    for _ in range(runs):
        if before:
            before()
        wall, peak, code, err = run(cmd, env=env, timeout=timeout)
        if code not in (0, -9):
            raise SystemExit(f"{label} failed ({code}): {' '.join(cmd)}\n{err}")
        walls.append(wall)
        rss.append(peak)
        errs = err
    row = {"label": label, "wall": statistics.median(walls), "rss": max(rss), "runs": runs,
           "stderr": errs}
    shown = "stopped" if row["wall"] == float("inf") else f"{row['wall']:.2f} s"
    print(f"  {label:<28} {shown:>10}  {row['rss']:7.0f} MB  ({runs} run{'s' * (runs > 1)})",
          file=sys.stderr, flush=True)
    return row


def late_paper(ids: list[str]) -> str:
    return ids[-1]


def bench_size(n: int, work: Path, runs: dict[str, int], has_render: bool) -> dict[str, object]:
    folder = work / f"g{n}"
    start = time.perf_counter()
    facts = generate(n, folder)
    made = time.perf_counter() - start
    size = sum((folder / f).stat().st_size for f in ("papers.yaml", "edges.yaml")) / 2**20
    print(f"{n} papers, {facts['edges']} edges, {size:.0f} MB of YAML (generated in {made:.1f} s)",
          file=sys.stderr, flush=True)
    target = late_paper(facts["ids"])
    cache = work / f"cache{n}"
    env = {**os.environ, "LINEAGE_CACHE_DIR": str(cache), "LINEAGE_PROGRESS": str(work / "none.yaml")}
    env.pop("LINEAGE_NO_CACHE", None)
    graph = ["--graph", str(folder)]

    def clear() -> None:
        for entry in cache.glob("graphs/*.json") if cache.exists() else ():
            entry.unlink()

    rows = {"n": n, "edges": facts["edges"], "mb": size, "target": target}
    rows["check"] = measure("check", LINEAGE + graph + ["check"], runs["slow"], env=env)
    rows["first"] = measure("order, first run", LINEAGE + graph + ["order", target], runs["slow"],
                            env=env, before=clear)
    rows["cached"] = measure("order, cached", LINEAGE + graph + ["order", target], runs["fast"],
                             env=env)
    rows["prereqs"] = measure("prereqs, cached", LINEAGE + graph + ["prereqs", target],
                              runs["other"], env=env)
    rows["progress"] = measure("progress, cached", LINEAGE + graph + ["progress", target],
                               runs["other"], env=env)
    if has_render:
        out = work / f"render{n}.html"
        rows["render"] = measure("render, cached", LINEAGE + graph + ["render", target, "-o", str(out)],
                                 runs["other"], env=env)
    rows["baseline"] = measure("baseline (yaml.safe_load)", [PYTHON, "-c", BASELINE, str(folder), target],
                               runs["baseline"], env=env, timeout=BASELINE_CAP)
    rows["progress_bar"] = "lineage:" in str(rows["first"]["stderr"])
    return rows


def scaling_rows(folder: Path, env_cache: Path) -> list[dict[str, object]]:
    """`reading_order` in-process on the loaded graph for targets with growing prerequisite sets."""
    os.environ["LINEAGE_CACHE_DIR"] = str(env_cache)
    from lineage.analysis.orders import prerequisites, reading_order
    from lineage.io.graph_files import load_graph

    graph = load_graph(folder)
    nodes = list(graph)
    out = []
    for fraction in (0.002, 0.01, 0.05, 0.2, 0.5, 0.999):
        target = nodes[int(fraction * (len(nodes) - 1))]
        size = len(prerequisites(graph, target)) + 1
        times = []
        for _ in range(3):
            start = time.perf_counter()
            order = reading_order(graph, target)
            times.append(time.perf_counter() - start)
        assert len(order) == size
        edges = sum(len(graph._pred[m]) for m in order)
        wall = statistics.median(times)
        out.append({"target": target, "papers": size, "edges": edges, "wall": wall,
                    "per": wall / size * 1e6})
        print(f"  reading_order {target:<36} {size:>6} papers {wall * 1000:8.1f} ms",
              file=sys.stderr, flush=True)
    return out


def shipped_rows(work: Path, runs: int) -> list[dict[str, object]]:
    env = {**os.environ, "LINEAGE_CACHE_DIR": str(work / "cache-shipped"),
           "LINEAGE_PROGRESS": str(work / "none.yaml")}
    rows = [measure("python -c pass", [PYTHON, "-c", "pass"], runs, env=env),
            measure("python -c 'import networkx'", [PYTHON, "-c", "import networkx"], runs, env=env)]
    target = "deepseek-r1"
    probe = subprocess.run(LINEAGE + ["--graph", str(ROOT / "graph"), "order", target],
                           capture_output=True, text=True, env=env, cwd=ROOT)
    if probe.returncode != 0:
        note = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "failed"
        print(f"  shipped graph: `lineage order {target}` fails ({note}); skipped",
              file=sys.stderr)
        return rows
    cmd = LINEAGE + ["--graph", str(ROOT / "graph"), "order", target]
    rows.append(measure(f"lineage order {target} (cached)", cmd, runs, env=env))
    cold = dict(env, LINEAGE_NO_CACHE="1")
    rows.append(measure(f"lineage order {target} (no cache)", cmd, runs, env=cold))
    return rows


def _t(row: dict[str, object] | None) -> str:
    if row is None:
        return "—"
    wall = float(row["wall"])  # type: ignore[arg-type]
    return f"> {BASELINE_CAP:.0f} s (stopped)" if wall == float("inf") else f"{wall:.2f} s"


def _mb(row: dict[str, object] | None) -> str:
    return "—" if row is None or row["rss"] != row["rss"] else f"{row['rss']:.0f} MB"


def report(sizes: list[dict[str, object]], scaling: list[dict[str, object]],
           shipped: list[dict[str, object]], total: float, has_render: bool) -> str:
    import platform

    lines = ["# lineage benchmark", "",
             f"{platform.python_implementation()} {platform.python_version()}, "
             f"{os.cpu_count()} cores, {platform.system()} {platform.release()}; "
             f"`make bench` took {total / 60:.1f} min. Wall time is the median of the runs shown; "
             "peak RSS is the largest of the runs (the child process's own `ru_maxrss`). "
             "Every CLI call is a fresh process (imports included) with output sent to /dev/null.",
             "",
             "## Cold CLI calls on synthetic citation graphs", "",
             "| papers | edges | YAML | `check` | `order`, first run | `order`, cached | peak RSS cached "
             "| `prereqs` | `progress` | `render` | baseline | baseline ÷ cached |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sizes:
        base, cached = r["baseline"], r["cached"]
        ratio = float(base["wall"]) / float(cached["wall"])  # type: ignore[index,arg-type]
        ratio_s = f"> {BASELINE_CAP / float(cached['wall']):.0f}×" if ratio == float("inf") else f"{ratio:.0f}×"  # type: ignore[index,arg-type]
        lines.append(
            f"| {r['n']:,} | {r['edges']:,} | {r['mb']:.0f} MB | {_t(r['check'])} | {_t(r['first'])} "
            f"(RSS {_mb(r['first'])}) | {_t(cached)} | {_mb(cached)} | {_t(r['prereqs'])} | "
            f"{_t(r.get('progress'))} | "
            f"{_t(r.get('render')) if has_render else 'n/a'} | {_t(base)} | {ratio_s} |")
    runs = sizes[-1]
    lines += ["", f"Runs per cell: 1k/10k {sizes[0]['cached']['runs']}/{sizes[1]['cached']['runs']} "
              f"(check and first run {sizes[0]['check']['runs']}/{sizes[1]['check']['runs']}); "
              f"100k: cached `order` {runs['cached']['runs']}, everything else {runs['check']['runs']}. "
              "The target is the latest paper; it builds, directly or not, on nearly the whole graph, "
              "so `order` prints almost every paper. The baseline is capped at "
              f"{BASELINE_CAP:.0f} s. First run on 100k shows a progress bar on stderr: "
              f"{'yes' if runs['progress_bar'] else 'no'}.", ""]
    if not has_render:
        lines += ["`render` was skipped: this checkout has no `lineage render` command.", ""]
    lines += ["## `reading_order` once loaded: cost follows the prerequisite set", "",
              f"In-process on the loaded {sizes[-1]['n']:,}-paper graph, median of 3.", "",
              "| target | papers in the order | edges among them | time | per paper |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for s in scaling:
        lines.append(f"| `{s['target']}` | {s['papers']:,} | {s['edges']:,} | "
                     f"{float(s['wall']) * 1000:.1f} ms | {float(s['per']):.1f} µs |")
    lines += ["", "## The shipped graph", "", "| command | wall | peak RSS |", "| --- | ---: | ---: |"]
    for row in shipped:
        lines.append(f"| `{row['label']}` | {float(row['wall']):.3f} s | {_mb(row)} |")
    if not any("deepseek" in str(r["label"]) for r in shipped):
        lines.append("| `lineage order deepseek-r1` | skipped: the shipped graph does not answer it yet | |")
    return "\n".join(lines) + "\n"


def main() -> None:
    quick = "--quick" in sys.argv
    started = time.perf_counter()
    has_render = subprocess.run(LINEAGE + ["render", "--help"], capture_output=True,
                                cwd=ROOT).returncode == 0
    plan = [(1000, {"slow": 5, "fast": 5, "other": 5, "baseline": 3}),
            (10000, {"slow": 3, "fast": 5, "other": 3, "baseline": 1}),
            (100000, {"slow": 1, "fast": 3, "other": 1, "baseline": 1})]
    if quick:
        plan = [(1000, {"slow": 1, "fast": 1, "other": 1, "baseline": 1}),
                (3000, {"slow": 1, "fast": 1, "other": 1, "baseline": 1})]
    with tempfile.TemporaryDirectory(prefix="lineage-bench-") as tmp:
        work = Path(tmp)
        print("shipped graph", file=sys.stderr)
        shipped = shipped_rows(work, 3 if quick else 7)
        sizes = [bench_size(n, work, runs, has_render) for n, runs in plan]
        largest = plan[-1][0]
        print(f"reading_order scaling on {largest} papers", file=sys.stderr)
        scaling = scaling_rows(work / f"g{largest}", work / f"cache{largest}")
        text = report(sizes, scaling, shipped, time.perf_counter() - started, has_render)
    print(text)
    out = ROOT / "out" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
