"""Exporters: one module per output format, each a function ``render(plan, **options) -> str``.

Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..plan import ReadingPlan

__all__ = ["FORMATS", "render_plan"]

#: format name → module under lineage.export that provides ``render(plan, **options)``.
FORMATS: dict[str, str] = {
    "text": "text",
    "markdown": "markdown",
    "json": "json_format",
    "csv": "csv_format",
}


def renderer(name: str) -> Callable[..., str]:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render


def render_plan(plan: ReadingPlan, format: str = "text", **options: object) -> str:
    """Render ``plan`` in ``format`` (a key of :data:`FORMATS`)."""
    return renderer(format)(plan, **options)
