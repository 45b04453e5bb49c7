"""Crash-safe file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], text: str | bytes | list[bytes], *,
                 mode: int | None = None) -> Path:
    """Write ``text`` (or the byte strings of a list, one after another, so a large file
    need not be joined in memory first) to ``path`` through a temporary file in the same
    folder, fsync it, then rename it over the target. Creates missing parent folders.

    A symlink is written through (its target is replaced, the link stays); a character
    device, a FIFO or ``/dev/std*`` is written directly (never replaced); other special
    files and read-only files are refused. Errors are :class:`~lineage.errors.DataError`
    naming ``path``. Returns the path written (:func:`lineage.io.files.write_file`)."""
    from .files import write_file

    chunks = [text.encode("utf-8")] if isinstance(text, str) else (
        text if isinstance(text, list) else [text])
    return write_file(path, chunks, mode=mode)
