"""Wording shared by every output."""

from __future__ import annotations

__all__ = ["plural", "s"]


def plural(count: int, word: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{count} {word}{s(count)}"


def s(count: int) -> str:
    """The plural ending for ``count`` things."""
    return "" if count == 1 else "s"
