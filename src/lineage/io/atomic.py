"""Crash-safe file writes: a reader sees the old file or the new one, never half of one.

:func:`atomic_write` is :func:`lineage.io.files.write_file`, which describes it.
"""

from __future__ import annotations

from .files import write_file as atomic_write

__all__ = ["atomic_write"]
