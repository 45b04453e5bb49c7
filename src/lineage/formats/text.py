"""Plain-text reading order for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from .. import term
from ..analysis.plan import PlanEntry, ReadingPlan
from ..analysis.timing import format_minutes, pace_note, plan_summary
from ..words import plural
from .related import heading, text_lines
from .wrapping import Unit, fill_units, words, wrap

_ID = attrgetter("id")

#: How a paper joined in from fetched citation data is marked wherever it is listed.
DERIVED_MARK = "  (derived: Semantic Scholar citations, not curated)"

#: Layouts of ``lineage order`` in text: ``full`` (why each paper matters and what needs it),
#: ``needed`` (what needs it), ``brief`` (one line per paper, the default on a terminal).
LAYOUTS = ("full", "needed", "brief")


def render(plan: ReadingPlan, *, explain: bool = True, width: int = 100,
           layout: str | None = None, footer: str = "") -> str:
    """The reading order wrapped at ``width`` columns (ids and times are never split).
    ``layout`` (one of :data:`LAYOUTS`) overrides ``explain``; ``footer`` is printed last
    (the CLI's hints on how to see more)."""
    if layout is None:
        layout = "full" if explain else "needed"
    budget = plan.extra.get("budget")
    head = f"Reading order for {plan.title}"
    if budget is not None:
        head += f" within {format_minutes(budget.budget)}"
    head += f": {plan_summary(plan)}"
    if plan.depth is not None:
        head += f" (up to {plural(plan.depth, 'hop')} back)"
    lines = [term.style(line, bold=True) for line in wrap(head, width, break_on_hyphens=False)]
    lines.extend(wrap(f"Times {pace_note(plan)}.", width))
    lines.extend(wrap(_follow_note(plan), width))
    lines.append("")
    entries = plan.entries
    pad = len(str(entries[-1].position if entries else 1))  # positions only grow
    if layout == "brief":
        lines.extend(_brief_lines(entries, pad, width))
    else:
        lines.extend(_entry_lines(entries, pad, layout == "full", width, budget))
    text = "\n".join(lines) + "\n"
    if budget is not None:
        text += "\n".join(_budget_footer(budget, width)) + "\n"
    # brief: one line, like the papers above it
    related = _brief_related(plan, width) if layout == "brief" else text_lines(plan, width)
    if related:
        text += "\n".join(related) + "\n"
    if footer:
        text += footer
    return text


def _brief_related(plan: ReadingPlan, width: int) -> list[str]:
    """The Related section as one sentence: how many, the nearest few, how to see them."""
    related = getattr(plan, "related", ())
    if not related:
        return []
    first = ", ".join(item.paper.id for item in related[:3])
    more = ", …" if len(related) > 3 else ""
    return ["", *wrap(f"{heading(plan)}: {plural(len(related), 'paper')} ({first}{more}); "
                      "--why lists them with reasons, --all puts them in the order.", width,
                      break_on_hyphens=False)]


def _follow_note(plan: ReadingPlan) -> str:
    if plan.follow == "all":
        return "Every link followed (--all); (context) marks papers only context links bring in."
    return "Core links only: the papers each one needs (--all follows every link)."


def _time_text(entry: PlanEntry, cache: dict[tuple[int, bool], str]) -> str:
    minutes = entry.minutes
    if minutes is None:
        return ""
    time = cache.get((minutes, entry.estimated))
    if time is None:  # a plan has few distinct times: format each once
        time = cache[minutes, entry.estimated] = format_minutes(minutes, estimated=entry.estimated)
    return time


def _head_units(entry: PlanEntry, pad: int, time: str, title: str, citation: str) -> list[Unit]:
    """The first line of an entry as units: number and box, title words, citation words,
    then the id, the time and the target mark, each whole."""
    style = term.style
    number = f"{entry.position:>{pad}}."
    box = "[x]" if entry.read else "[ ]"
    units: list[Unit] = [(number, style(number, dim=True), ""),
                         (box, style(box, fg="green", bold=True) if entry.read else box, " ")]
    units += words(title, lambda w: style(w, bold=True))
    if citation:
        units += words(citation, None)
    ident = f"[{entry.paper.id}]"
    if time:  # the id and the time stay together: a time alone on a line reads as orphaned
        units.append((f"{ident}  {time}", f"{style(ident, fg='cyan')}  {style(time, fg='yellow')}",
                      "  "))
    else:
        units.append((ident, style(ident, fg="cyan"), "  "))
    if entry.is_target:
        units.append(("← target", style("← target", fg="magenta", bold=True), "  "))
    if entry.paper.derived:
        units += words(DERIVED_MARK, lambda w: style(w, fg="red"), "  ")
    if not entry.core:
        units.append(("(context)", style("(context)", dim=True), "  "))
    return units


def _brief_lines(entries: Sequence[PlanEntry], pad: int, width: int) -> list[str]:
    """One line per paper: number, box, title (cut with … to fit), year, id, time."""
    lines: list[str] = []
    times: dict[tuple[int, bool], str] = {}
    indent = pad + 6
    for entry in entries:
        paper = entry.paper
        time = _time_text(entry, times)
        tail = f" ({paper.year})  [{paper.id}]" + (f"  {time}" if time else "") + \
            ("  ← target" if entry.is_target else "") + (DERIVED_MARK if paper.derived else "") + \
            ("" if entry.core else "  (context)")
        room = width - indent - len(tail)
        title = paper.title
        if len(title) > room and room >= 12:
            cut = title[:room - 1].rstrip()
            space = cut.rfind(" ")
            if space > room * 2 // 3:
                cut = cut[:space]
            title = cut.rstrip(" ,:;-") + "…"
        lines.extend(fill_units(_head_units(entry, pad, time, title, f"({paper.year})"), width,
                                "", " " * indent))
    return lines


def _entry_lines(entries: Sequence[PlanEntry], pad: int, explain: bool, width: int,
                 budget: Any) -> list[str]:
    lines: list[str] = []
    indent = " " * (pad + 6)
    times: dict[tuple[int, bool], str] = {}  # a plan has few distinct times: format each once
    append, extend = lines.append, lines.extend
    color = term.colored()
    why_style = term.style
    for entry in entries:
        paper = entry.paper
        time = _time_text(entry, times)
        head = (f"{entry.position:>{pad}}. {'[x]' if entry.read else '[ ]'} {paper.title} "
                f"({paper.citation})  [{paper.id}]{'  ' + time if time else ''}"
                f"{'  ← target' if entry.is_target else ''}"
                f"{DERIVED_MARK if paper.derived else ''}"
                f"{'' if entry.core else '  (context)'}")
        if not color and len(head) <= width:
            append(head)  # what fill_units would give a line that fits, without its cost
        else:
            extend(fill_units(_head_units(entry, pad, time, paper.title, f"({paper.citation})"),
                              width, "", indent))
        if explain and paper.why:
            extend(wrap(paper.why, width, indent, indent))
        for label, users in (("needed by", entry.needed_by), ("context for", entry.context_for)):
            if users:  # never split an id at its hyphens
                wrapped = wrap(f"{label}: {', '.join(map(_ID, users))}", width, indent,
                               indent + "  ", break_on_hyphens=False)
                extend(map(lambda line: why_style(line, dim=True), wrapped) if color else wrapped)
        if budget is not None and budget.assumes_known.get(paper.id):
            known = ", ".join(budget.assumes_known[paper.id])
            extend(textwrap.wrap(f"assumes known: {known}", width, initial_indent=indent,
                                 subsequent_indent=indent + "  ", break_on_hyphens=False))
    return lines


def _budget_footer(budget: Any, width: int) -> list[str]:
    from ..analysis.budget import SCORING

    lines = [""]
    if budget.left_out:
        lines.append(f"Left out ({len(budget.left_out)} papers, "
                     f"{format_minutes(budget.left_out_minutes)}), most important first:")
        pad = max(len(s.id) for s in budget.left_out)
        lines += [f"  {s.id:<{pad}}  importance {s.importance:.3g}, "
                  f"{format_minutes(s.minutes, estimated=s.estimated)}" for s in budget.left_out]
    else:
        lines.append("Nothing left out: the whole reading order fits.")
    lines.append("")
    lines.extend(textwrap.wrap("How importance is scored: " + SCORING, width))
    return lines
