"""The reading order as JSON for scripts and notebooks."""

from __future__ import annotations

import json

from ..plan import ReadingPlan


def plan_to_data(plan: ReadingPlan) -> dict[str, object]:
    return {
        "targets": [t.id for t in plan.targets],
        "depth": plan.depth,
        "count": len(plan.entries),
        "papers": [
            {
                "position": e.position,
                "id": e.paper.id,
                "title": e.paper.title,
                "year": e.paper.year,
                "month": e.paper.month,
                "authors": list(e.paper.authors),
                "arxiv": e.paper.arxiv,
                "url": e.paper.link,
                "topics": list(e.paper.topics),
                "needed_by": [p.id for p in e.needed_by],
                "target": e.is_target,
                "read": e.read,
            }
            for e in plan.entries
        ],
    }


def render(plan: ReadingPlan) -> str:
    return json.dumps(plan_to_data(plan), indent=2, ensure_ascii=False) + "\n"
