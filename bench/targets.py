"""The speed targets of issue 13 on the synthetic 100k-paper graph, for one or more source trees.

    python bench/targets.py                        # this checkout
    python bench/targets.py src /tmp/old/src       # this checkout next to an older one

Generates the graph once (bench/gen.py), then per source tree times fresh `python -m lineage`
processes: the first run (no cache), then cached calls. Each command runs pinned to one CPU
where `taskset` exists; a cell shows the median wall time and, as `cpu`, the median CPU time
(user + system) of the process, which other load on a shared machine disturbs less. Peak RSS
for the first and the full-lineage run. Prints a Markdown table.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "src"))

from gen import generate  # noqa: E402

#: (label, arguments, target): the issue's targets in seconds (and MB for the first run)
TARGETS = [
    ("first run: `order LATEST`", ["order", "{latest}"], "≤ 45 s, ≤ 2 GB"),
    ("`order LATEST --depth 3`", ["order", "{latest}", "--depth", "3"], "≤ 1.5 s"),
    ("`prereqs LATEST --depth 2`", ["prereqs", "{latest}", "--depth", "2"], "≤ 1.5 s"),
    ("`show LATEST`", ["show", "{latest}"], "≤ 1 s"),
    ("`path MIDDLE LATEST`", ["path", "{middle}", "{latest}"], "≤ 1 s"),
    ("`next LATEST`", ["next", "{latest}"], "≤ 1 s"),
    ("`order LATEST` (full lineage)", ["order", "{latest}"], "≤ 6 s"),
]


def measure(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median wall and CPU seconds and the largest peak RSS (MB) of ``runs`` calls."""
    import statistics
    import subprocess
    import time

    walls, cpus, rss = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), statistics.median(cpus), max(rss)


def main() -> None:
    trees = [Path(t).resolve() for t in sys.argv[1:]] or [ROOT / "src"]
    n = int(os.environ.get("BENCH_PAPERS", "100000"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory(prefix="lineage-targets-") as tmp:
        work = Path(tmp)
        facts = generate(n, work / "g")
        ids = facts["ids"]
        names = {"latest": ids[-1], "middle": ids[len(ids) // 2]}
        table: dict[str, list[str]] = {label: [] for label, _, _ in TARGETS}
        for number, tree in enumerate(trees):
            print(f"{tree}", file=sys.stderr)
            env = {**os.environ, "PYTHONPATH": str(tree), "LINEAGE_CACHE_DIR": str(work / f"cache{number}"),
                   "LINEAGE_PROGRESS": str(work / "none.yaml")}
            env.pop("LINEAGE_NO_CACHE", None)
            for label, args, _ in TARGETS:
                cmd = pin + [sys.executable, "-m", "lineage", "--graph", str(work / "g")]
                cmd += [a.format(**names) for a in args]
                wall, cpu, rss = measure(cmd, 1 if label.startswith("first") else runs, env)
                cell = f"{wall:.2f} s (cpu {cpu:.2f} s)"
                if label.startswith("first") or "full" in label:
                    cell += f", {rss:.0f} MB"
                print(f"  {label}: {cell}", file=sys.stderr, flush=True)
                table[label].append(cell)
    print(f"{n:,} papers, {facts['edges']:,} edges; one CPU; median of {runs} cached runs; "
          f"load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| command | " + " | ".join(str(t) for t in trees) + " | target |")
    print("| --- |" + " ---: |" * len(trees) + " --- |")
    for label, _, goal in TARGETS:
        print(f"| {label} | " + " | ".join(table[label]) + f" | {goal} |")


if __name__ == "__main__":
    main()
