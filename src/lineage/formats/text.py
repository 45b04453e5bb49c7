"""Plain-text reading order for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from ..analysis.plan import PlanEntry, ReadingPlan
from ..analysis.timing import format_minutes, pace_note, plan_summary
from ..words import plural
from .related import text_lines
from .wrapping import wrap

_ID = attrgetter("id")

#: How a paper joined in from fetched citation data is marked wherever it is listed.
DERIVED_MARK = "  (derived: Semantic Scholar citations, not curated)"


def render(plan: ReadingPlan, *, explain: bool = True, width: int = 100) -> str:
    budget = plan.extra.get("budget")
    head = f"Reading order for {plan.title}"
    if budget is not None:
        head += f" within {format_minutes(budget.budget)}"
    head += f": {plan_summary(plan)}"
    if plan.depth is not None:
        head += f" (up to {plural(plan.depth, 'hop')} back)"
    lines = [head, f"Times {pace_note(plan)}.", _follow_note(plan), ""]
    entries = plan.entries
    pad = len(str(entries[-1].position if entries else 1))  # positions only grow
    lines.extend(_entry_lines(entries, pad, explain, width, budget))
    text = "\n".join(lines) + "\n"
    if budget is not None:
        text += "\n".join(_budget_footer(budget, width)) + "\n"
    related = text_lines(plan, width)
    if related:
        text += "\n".join(related) + "\n"
    return text


def _follow_note(plan: ReadingPlan) -> str:
    if plan.follow == "all":
        return "Every link followed (--all); (context) marks papers only context links bring in."
    return "Core links only: what each paper needs to be followed (--all: every link)."


def _entry_lines(entries: Sequence[PlanEntry], pad: int, explain: bool, width: int,
                 budget: Any) -> list[str]:
    lines: list[str] = []
    indent = " " * (pad + 6)
    room = width - len(indent)
    times: dict[tuple[int, bool], str] = {}  # a plan has few distinct times: format each once
    append, extend = lines.append, lines.extend
    for entry in entries:
        paper = entry.paper
        minutes = entry.minutes
        if minutes is None:
            time = ""
        else:
            time = times.get((minutes, entry.estimated))
            if time is None:
                time = times[minutes, entry.estimated] = (
                    "  " + format_minutes(minutes, estimated=entry.estimated))
        append(f"{entry.position:>{pad}}. {'[x]' if entry.read else '[ ]'} {paper.title} "
               f"({paper.citation})  [{paper.id}]{time}{'  ← target' if entry.is_target else ''}"
               f"{DERIVED_MARK if paper.derived else ''}"
               f"{'' if entry.core else '  (context)'}")
        why = paper.why
        if explain and why:
            if len(why) <= room and why.isprintable() and why[0] != " " and why[-1] != " ":
                append(indent + why)  # what wrap() would give a line that fits
            else:
                extend(wrap(why, width, indent, indent))
        if entry.needed_by:
            needed = ", ".join(map(_ID, entry.needed_by))
            extend(wrap(f"needed by: {needed}", width, indent, indent + "  ",
                        break_on_hyphens=False))  # never split an id at its hyphens
        if entry.context_for:
            cited = ", ".join(map(_ID, entry.context_for))
            extend(wrap(f"context for: {cited}", width, indent, indent + "  ",
                        break_on_hyphens=False))
        if budget is not None and budget.assumes_known.get(paper.id):
            known = ", ".join(budget.assumes_known[paper.id])
            extend(textwrap.wrap(f"assumes known: {known}", width, initial_indent=indent,
                                 subsequent_indent=indent + "  "))
    return lines


def _budget_footer(budget: Any, width: int) -> list[str]:
    from ..analysis.budget import SCORING

    lines = [""]
    if budget.left_out:
        lines.append(f"Left out ({len(budget.left_out)} papers, "
                     f"{format_minutes(budget.left_out_minutes)}), most important first:")
        pad = max(len(s.id) for s in budget.left_out)
        for s in budget.left_out:
            lines.append(f"  {s.id:<{pad}}  importance {s.importance:.3g}, "
                         f"{format_minutes(s.minutes, estimated=s.estimated)}")
    else:
        lines.append("Nothing left out: the whole reading order fits.")
    lines.append("")
    lines.extend(textwrap.wrap("How importance is scored: " + SCORING, width))
    return lines
