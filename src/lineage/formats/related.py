"""The "Related, not needed to follow TARGET" section that closes a core reading order.

An order that follows core links leaves out what the lineage cites only as context (a
baseline, a benchmark, a base or judge model). Those papers one context link off the
lineage are listed after the order, each with the reason of its link, so nothing is hidden.
"""

from __future__ import annotations

from ..analysis.plan import ReadingPlan
from ..words import plural
from .wrapping import fill_units, words, wrap

__all__ = ["heading", "text_lines", "markdown_lines", "ALL_HINT"]

#: How to get the related papers (and what they build on) into the order itself.
ALL_HINT = "--all puts them in the order"


def heading(plan: ReadingPlan) -> str:
    return f"Related, not needed to follow {plan.title}"


def _link_text(into: str, why: str) -> str:
    return f"context for {into}" + (f": {why}" if why else "")


#: How many related papers the text shows with their reasons; the rest are named by id.
SHOWN = 10


def text_lines(plan: ReadingPlan, width: int = 100, shown: int = SHOWN) -> list[str]:
    """The section as text lines (none when there is nothing related): the ``shown`` nearest
    the targets with the reason of their first link, then every other one by id, so the
    section stays short and still hides nothing (JSON, CSV and Markdown carry every reason)."""
    if not plan.related:
        return []
    lines = [""]
    if _targets_only(plan):  # a one-paper order would look like a lost lineage without this
        lines += [*wrap(f"Nothing {plan.title} builds on is needed to follow it: each of its links "
                        "is context, so the order holds only the target.", width, "", "",
                        break_on_hyphens=False), ""]
    lines += wrap(f"{heading(plan)} ({plural(len(plan.related), 'paper')}, nearest first; "
                  f"{ALL_HINT}):", width, "", "  ", break_on_hyphens=False)
    for item in plan.related[:shown]:
        paper, first = item.paper, item.links[0]
        # title and citation wrap at words; the id stays whole
        lines.extend(fill_units([*words(f"{paper.title} ({paper.citation})", None, ""),
                                 (f"[{paper.id}]", f"[{paper.id}]", "  ")], width, "  ", "      "))
        more = f" (and {plural(len(item.links) - 1, 'more link')})" if len(item.links) > 1 else ""
        lines.extend(wrap(_link_text(first.into, first.why) + more, width, "      ", "        ",
                          break_on_hyphens=False))
    rest = plan.related[shown:]
    if rest:
        lines.extend(wrap(f"and {len(rest)} more: " + ", ".join(r.paper.id for r in rest)
                          + " (-f json or -f markdown gives every reason)", width, "  ", "    ",
                          break_on_hyphens=False))
    return lines


def _targets_only(plan: ReadingPlan) -> bool:
    """Whether the whole core order (no kind filter or budget, nothing left out as read) is
    the targets."""
    entries = plan.entries
    return (plan.kinds is None and plan.extra.get("budget") is None and bool(entries)
            and all(e.is_target for e in entries)
            and max(e.position for e in entries) == len(plan.targets))


def markdown_lines(plan: ReadingPlan) -> list[str]:
    """The section as Markdown: plain bullets, not task items, so a checklist import never
    takes them for papers of the path."""
    from .markdown import escape

    if not plan.related:
        return []
    lines = ["", f"## {escape(heading(plan))}", "",
             "_Cited by the path as context (a baseline, a benchmark, a base or judge model), "
             "not needed to follow it; `--all` puts them in the order._", ""]
    for item in plan.related:
        paper = item.paper
        link = f" — [arXiv]({paper.link})" if paper.arxiv else (
            f" — [link](<{paper.url}>)" if paper.url else "")
        lines.append(f"- **{escape(paper.title)}** ({escape(paper.citation)}){link} "
                     f"<!-- lineage-related:{paper.id} -->")
        for rel in item.links:
            lines.append(f"  - {escape(_link_text(rel.into, rel.why))}")
    return lines
