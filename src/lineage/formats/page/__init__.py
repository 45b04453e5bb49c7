"""Renderers that draw the graph: :mod:`lineage.formats.page.html` writes one self-contained,
offline, interactive HTML page (vis-network via pyvis, inlined).

Importing this package is cheap: pyvis and Jinja2 load only when a page is rendered.
"""

from __future__ import annotations

from .html import View, choose_view, render_html

__all__ = ["View", "choose_view", "render_html"]
