"""A quiet progress bar on stderr for slow loads (a first run on a very large graph).

Nothing is written during the first second, so ordinary commands (and test output) stay
clean. On a terminal the bar redraws one line in place; otherwise (a log, a pipe) it
writes a plain line now and then.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """``update(fraction, label)`` as work advances, ``close()`` at the end.

    >>> import io
    >>> bar = ProgressBar(stream=io.StringIO(), delay=0)
    >>> bar.update(0.5, "reading papers.yaml")
    >>> bar.close()
    >>> "reading papers.yaml" in bar.stream.getvalue()
    True
    """

    def __init__(self, *, stream: TextIO | None = None, delay: float = 1.0, width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.width = width
        self.started = time.monotonic()
        self.label = ""
        self.fraction = 0.0
        self.shown = False
        self.last_draw = float("-inf")
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False

    def update(self, fraction: float, label: str | None = None) -> None:
        """Record progress (0..1) and redraw when it is due."""
        changed = label is not None and label != self.label
        if label is not None:
            self.label = label
        self.fraction = min(max(fraction, self.fraction), 1.0)
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        interval = 0.1 if self.tty else 5.0
        if changed or now - self.last_draw >= interval:
            self._draw(now)

    def close(self) -> None:
        """Finish the line (only if anything was shown)."""
        if not self.shown:
            return
        elapsed = time.monotonic() - self.started
        if self.tty:
            self.stream.write("\r\x1b[2K")
        self.stream.write(f"lineage: loaded in {elapsed:.1f} s\n")
        self.stream.flush()

    def _draw(self, now: float) -> None:
        self.shown = True
        self.last_draw = now
        percent = int(self.fraction * 100)
        if self.tty:
            filled = int(self.fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r\x1b[2Klineage: [{bar}] {percent:3d}%  {self.label}")
        else:
            self.stream.write(f"lineage: {percent:3d}%  {self.label}\n")
        self.stream.flush()
