"""The reading order as JSON for scripts and notebooks."""

from __future__ import annotations

import json

from ..analysis.plan import ReadingPlan


def plan_to_data(plan: ReadingPlan) -> dict[str, object]:
    data: dict[str, object] = {
        "targets": [t.id for t in plan.targets],
        "follow": plan.follow,
        "depth": plan.depth,
        "count": len(plan.entries),
        "pace": plan.pace,
        "total_minutes": plan.total_minutes,
        "total_estimated": plan.estimated,
        "left_minutes": plan.left_minutes,
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
                "lineage": "core" if e.core else "context",
                "needed_by": [p.id for p in e.needed_by],
                "context_for": [p.id for p in e.context_for],
                "links": [{"to": p.id, "role": role}
                          for role, ps in (("core", e.needed_by), ("context", e.context_for))
                          for p in ps],
                "target": e.is_target,
                "read": e.read,
                "pages": e.paper.pages,
                "minutes": e.minutes,
                "minutes_estimated": e.estimated,
                "source": e.paper.source,
            }
            for e in plan.entries
        ],
        "related": [
            {
                "id": r.paper.id,
                "title": r.paper.title,
                "year": r.paper.year,
                "authors": list(r.paper.authors),
                "arxiv": r.paper.arxiv,
                "url": r.paper.link,
                "lineage": "related",
                "links": [{"to": link.into, "role": "context", "kind": link.kind, "why": link.why}
                          for link in r.links],
            }
            for r in plan.related
        ],
    }
    budget = plan.extra.get("budget")
    if budget is not None:
        from ..analysis.budget import SCORING

        for paper in data["papers"]:  # type: ignore[union-attr]
            score = budget.scores.get(paper["id"])
            paper["importance"] = score.importance if score else None
            paper["assumes_known"] = list(budget.assumes_known.get(paper["id"], ()))
        data["budget"] = {
            "budget_minutes": budget.budget,
            "used_minutes": budget.used,
            "full_minutes": budget.full_minutes,
            "scoring": SCORING,
            "left_out": [{"id": s.id, "importance": s.importance, "hops": s.hops,
                          "minutes": s.minutes, "minutes_estimated": s.estimated}
                         for s in budget.left_out],
        }
    return data


def render(plan: ReadingPlan) -> str:
    return json.dumps(plan_to_data(plan), indent=2, ensure_ascii=False) + "\n"
