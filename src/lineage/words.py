"""Wording shared by every output."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
