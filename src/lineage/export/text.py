"""Plain-text reading order for the terminal."""

from __future__ import annotations

import textwrap

from ..plan import ReadingPlan


def render(plan: ReadingPlan, *, explain: bool = True, width: int = 100) -> str:
    total = len(plan.entries)
    head = f"Reading order for {plan.title}: {total} paper{'s' if total != 1 else ''}"
    if plan.depth is not None:
        head += f" (up to {plan.depth} hop{'s' if plan.depth != 1 else ''} back)"
    if plan.read_count:
        head += f", {plan.read_count} read"
    lines = [head, ""]
    pad = len(str(max((e.position for e in plan.entries), default=1)))
    indent = " " * (pad + 6)
    for entry in plan.entries:
        paper = entry.paper
        mark = "[x]" if entry.read else "[ ]"
        star = "  ← target" if entry.is_target else ""
        lines.append(f"{entry.position:>{pad}}. {mark} {paper.title} ({paper.citation})"
                     f"  [{paper.id}]{star}")
        if explain and paper.why:
            lines.extend(textwrap.wrap(paper.why, width, initial_indent=indent,
                                       subsequent_indent=indent))
        if entry.needed_by:
            needed = ", ".join(p.id for p in entry.needed_by)
            lines.extend(textwrap.wrap(f"needed by: {needed}", width, initial_indent=indent,
                                       subsequent_indent=indent + "  "))
    return "\n".join(lines) + "\n"
