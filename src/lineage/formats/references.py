"""What the reference-manager formats (BibTeX, RIS) share besides names
(:mod:`lineage.naming`): the note that says where a paper sits in the reading order."""

from __future__ import annotations

from ..analysis.plan import PlanEntry, ReadingPlan
from ..naming import clean

__all__ = ["reading_note"]


def reading_note(entry: PlanEntry, plan: ReadingPlan) -> str:
    """``"Reading order 3 of 12 (lineage): needed for GPT-2, InstructGPT"``."""
    total = max((e.position for e in plan.entries), default=entry.position)
    note = f"Reading order {entry.position} of {total} for {clean(plan.title)} (lineage)"
    if entry.is_target:
        note += ": a target of this reading order"
    elif entry.needed_by:
        note += ": needed for " + ", ".join(clean(p.short_name) for p in entry.needed_by)
    return note
