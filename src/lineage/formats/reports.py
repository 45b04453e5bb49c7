"""Reports on a paper, a lineage or the whole graph (``prereqs``, ``path``, ``show``,
``search``/``list``, ``stats``, ``next``, ``progress``), from the values of
:mod:`lineage.analysis.reports`. Each function returns the text to print."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..analysis.timing import DEFAULT_PAGES, format_minutes
from ..words import plural
from .wrapping import fill_units, words

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.plan import PlanEntry, ReadingPlan
    from ..analysis.reports import GraphStats, PaperLinks, Paths, Prerequisites
    from ..model import Paper

__all__ = ["render_prerequisites", "render_paths", "render_paper", "render_papers",
           "render_stats", "render_next", "render_progress_report"]


def _lines(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _paper_lines(lead: str, text: str, tail: str, width: int, rest: str) -> list[str]:
    """``lead + text + "  " + tail`` on one line when it fits, else wrapped at the words of
    ``text`` with ``tail`` (an id, a time) kept whole."""
    line = f"{lead}{text}  {tail}" if tail else lead + text
    if len(line) <= width:
        return [line]
    units = words(text, None, "")
    if tail:
        units.append((tail, tail, "  "))
    return fill_units(units, width, lead, rest)


def render_prerequisites(report: Prerequisites, fmt: str = "text", *, width: int = 100) -> str:
    """``fmt``: text, markdown or json."""
    times = report.times
    if fmt == "json":
        return json.dumps({
            "target": report.target.id, "follow": report.follow, "pace": report.pace,
            "total_minutes": report.total, "total_estimated": report.estimated, "by_hops": [
                {"hops": hops, "papers": [
                    {"id": p.id, "title": p.title, "year": p.year, "minutes": times[p.id].minutes,
                     "minutes_estimated": times[p.id].estimated} for p in group]}
                for hops, group in enumerate(report.groups, start=1)]},
            indent=2, ensure_ascii=False) + "\n"
    md = fmt == "markdown"
    count = sum(len(g) for g in report.groups)
    lines = [f"{'# ' if md else ''}{report.target.title} builds on {plural(count, 'paper')}"
             f" up to {plural(len(report.groups), 'hop')} back, "
             f"{format_minutes(report.total, estimated=report.estimated)} of reading"]
    note = ("Every link followed (--all)" if report.follow == "all"
            else "Core links only (--all follows every link)")
    note += f"; grouped by hops back from {report.target.id}; times at {report.pace:g} min/page"
    if report.estimated:
        note += f"; ~ = page count unknown, {DEFAULT_PAGES} pages assumed"
    lines.append(f"{'_' if md else ''}{note}.{'_' if md else ''}")
    if not md:  # the two header lines wrap like the rest (ids kept whole)
        lines = [*_fill(lines[0], width, "", "  "), *_fill(lines[1], width, "", "  ")]
    bullet = "- " if md else "  "
    for number, group in enumerate(report.groups, start=1):
        lines.append(f"\n{'## ' if md else ''}{plural(number, 'hop')}")
        for p in group:
            time = format_minutes(times[p.id].minutes, estimated=times[p.id].estimated)
            if md:  # a Markdown item is one line: the reader's viewer wraps it
                lines.append(f"{bullet}{p.title} ({p.citation})  [{p.id}]  {time}")
            else:
                lines += _paper_lines(bullet, f"{p.title} ({p.citation})", f"[{p.id}]  {time}",
                                      width, bullet + "    ")
    return _lines(lines)


def _fill(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrap at ``width`` without splitting an id at its hyphens."""
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def render_paths(paths: Paths, *, width: int = 100) -> str:
    """Each path hop by hop with the reason of each link; "" when there is none."""
    from .. import term

    if not paths.paths:
        return ""
    lines = []
    if paths.reverse:
        lines += _fill(f"{paths.start} does not lead to {paths.end}, but {paths.end} leads to "
                       f"{paths.start}:", width)
    for number, hops in enumerate(paths.paths, start=1):
        context = sum(e.role == "context" for e in hops)
        lines.append(term.style(f"Path {number} ({plural(len(hops), 'hop')}"
                                + (f", {context} of them context" if context else "") + "):",
                                bold=True))
        for e in hops:
            mark = "  (context)" if e.role == "context" else ""
            for line in _fill(f"{e.builds_on} → {e.paper}{mark}", width, "  ", "    "):
                lines.append(term.style(line, fg="cyan"))
            if e.why:
                lines += _fill(e.why, width, "      ", "      ")
        lines.append("")
    return _lines(lines)


def render_paper(links: PaperLinks, fmt: str = "text", *, width: int = 100) -> str:
    """``fmt``: text or json."""
    paper = links.paper
    if fmt == "json":
        data = paper.to_dict()
        data["link"] = paper.link
        data["builds_on"] = [{"id": e.builds_on, "why": e.why, "kind": e.kind, "role": e.role}
                             for e in links.builds_on]
        data["built_on_by"] = [{"id": e.paper, "why": e.why, "kind": e.kind, "role": e.role}
                               for e in links.built_on_by]
        data["descendants"] = links.descendants
        data["source"] = paper.source
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def link(arrow: str, other: str, e) -> str:  # type: ignore[no-untyped-def]
        marks = ", ".join(m for m in (e.kind, "context" if e.role == "context" else None) if m)
        text = f"{arrow} {other}" + (f" ({marks})" if marks else "") + (f": {e.why}" if e.why else "")
        return "\n".join(_fill(text, width, "  ", "      "))

    from .. import term

    lines = [*(term.style(line, bold=True) for line in _fill(paper.title, width)),
             f"  id: {paper.id}" + (f"   aliases: {', '.join(paper.aliases)}" if paper.aliases else ""),
             f"  {', '.join(paper.authors)} — {paper.year}" + (f"-{paper.month:02d}" if paper.month else "")]
    if paper.derived:
        lines.append("  derived: from Semantic Scholar citations, not curated; no summary or reason yet")
    if paper.link:
        lines.append(f"  {paper.link}")
    if paper.topics:
        lines.append(f"  topics: {', '.join(paper.topics)}")
    if not paper.verified:
        lines.append("  UNVERIFIED: this record's facts could not be confirmed")
    if paper.summary:
        lines += ["", *_fill(paper.summary, width, "  ", "  ")]
    if paper.why and not paper.derived:  # a fetched paper's why only says it is derived
        lines += ["", *_fill("Why it matters: " + paper.why, width, "  ", "  ")]
    lines.append(f"\nBuilds on ({len(links.builds_on)}; context = cited, not needed to follow it):")
    lines += [link("←", e.builds_on, e) for e in links.builds_on]
    lines.append(f"\nBuilt on by ({len(links.built_on_by)}):")
    lines += [link("→", e.paper, e) for e in links.built_on_by]
    lines.append(f"\n{plural(links.descendants, 'paper')} in the graph descend from it.")
    return _lines(lines)


def render_papers(papers: Iterable[Paper], fmt: str = "text", *, width: int = 100) -> str:
    """One line per paper (text; a long title wraps under itself), or their records (json)."""
    if fmt == "json":
        return json.dumps([p.to_dict() for p in papers], indent=2, ensure_ascii=False) + "\n"
    lines: list[str] = []
    for p in papers:
        lead = f"{p.year}  {p.id:<32} "
        lines += _paper_lines(lead, p.title, "", width, " " * min(len(lead), width // 2))
    return "".join(line + "\n" for line in lines)


def render_stats(stats: GraphStats, fmt: str = "text", *, width: int = 100) -> str:
    """``fmt``: text or json."""
    if fmt == "json":
        return json.dumps({
            "papers": stats.papers, "edges": stats.edges, "roots": stats.roots,
            "topics": dict(stats.topics),
            "most_foundational": [{"id": n, "descendants": c} for n, c in stats.most_foundational],
            "longest_chain": stats.longest_chain}, indent=2) + "\n"
    lines = _fill(f"{stats.papers} papers, {stats.edges} edges, {len(stats.roots)} roots "
                  f"({', '.join(stats.roots)})", width, "", "  ")
    lines += _fill("topics: " + ", ".join(f"{t} {c}" for t, c in stats.topics), width, "", "  ")
    lines.append("\nMost foundational (papers that descend from each):")
    lines += [f"  {count:>4}  {node}" for node, count in stats.most_foundational]
    lines.append(f"\nLongest chain ({len(stats.longest_chain)} papers):")
    lines += _fill(" → ".join(stats.longest_chain), width, "  ", "    ")
    return _lines(lines)


def render_next(graph: nx.DiGraph, plan: ReadingPlan, ready: list[PlanEntry], count: int,
                *, width: int = 100) -> str:
    """Up to ``count`` of the ``ready`` entries, each with its link, why it matters and
    what in the plan needs it (``graph`` gives the links' reasons)."""
    total, read = len(plan.entries), plan.read_count
    if read == total:
        return f"All {total} papers for {plan.title} are read.\n"
    lines = [f"Next for {plan.title} ({read} of {total} read, "
             f"{format_minutes(plan.left_minutes, estimated=plan.estimated)} to go):"]
    for entry in ready[:count]:
        paper = entry.paper
        time = format_minutes(entry.minutes or 0, estimated=entry.estimated)
        lines.append("")
        lines += _fill(f"{entry.position:>3}. {paper.title} ({paper.citation})", width, "",
                       "      ")
        lines[-1] += f"  [{paper.id}]  {time}" + ("  ← target" if entry.is_target else "")
        if len(lines[-1]) > width:  # the id and time go whole on a line of their own
            tail = lines[-1].rsplit("  [", 1)
            lines[-1:] = [tail[0], "      [" + tail[1]]
        if paper.link:
            lines.append(f"      {paper.link}")
        if paper.why:
            lines.append(textwrap.fill(f"Why: {paper.why}", width, initial_indent="      ",
                                       subsequent_indent="        "))
        users = list(entry.needed_by)
        if users:
            lines.append("      Needed by:")
            for user in users[:5]:
                why = graph.edges[paper.id, user.id].get("why")
                lines += _fill(user.id + (f": {why}" if why else ""), width, " " * 8, " " * 10)
            if len(users) > 5:
                lines.append(f"        and {len(users) - 5} more")
    if len(ready) > count:
        lines.append(f"\n{len(ready) - count} more can be read now (-n {len(ready)} shows all).")
    return _lines(lines)


def render_progress_report(plan: ReadingPlan,
                           remaining: list[tuple[int, int, list[PlanEntry]]], *,
                           width: int = 100) -> str:
    """Read / total, a bar, and what is left by hops back from the targets."""
    total, read = len(plan.entries), plan.read_count
    several = len(plan.targets) > 1
    share = read / total if total else 1.0
    bar = 30
    filled = round(share * bar)
    lines = [f"{plan.title}: {read} of {total} papers read ({share:.0%})",
             f"[{'#' * filled}{'-' * (bar - filled)}] {share:.0%}"]
    if read == total:
        return _lines([*lines, "Nothing left: every paper of this path is read."])
    lines += [f"{total - read} to go, "
              f"{format_minutes(plan.left_minutes, estimated=plan.estimated)} of reading.",
              f"\nStill to read, by hops back from the target{'s' if several else ''}:"]
    for number, size, left in remaining:
        name = ("The targets" if several else "The target") if number == 0 else \
            plural(number, "hop") + " back"
        lines.append(f"  {name} ({len(left)} of {size} left):")
        for e in left:
            mark = "  ← target" if e.is_target else ""
            lines += _paper_lines("    ", f"{e.paper.title} ({e.paper.citation})",
                                  f"[{e.paper.id}]{mark}", width, "        ")
    return _lines(lines)

