"""Text made from a long sequence, a share of it on each CPU.

Rendering the reading order of a large lineage (100k papers) is a second of pure-Python
string work over data that is already in memory. On Linux, a forked process sees that
memory as it is — nothing to serialise — so each extra CPU renders its own stretch of the
sequence and hands back only its text. Everywhere else — for short sequences, with one
CPU, with ``LINEAGE_WORKERS=1``, or in a process running other threads — the same function
runs once over the whole sequence: the result is the same text either way.

A worker that fails for any reason (an exception, a signal, a short write) only costs time:
its stretch is rendered again in this process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["join_text", "worker_count"]

T = TypeVar("T")

#: Below this many items forking costs more than it saves.
MIN_ITEMS = 20_000


def worker_count() -> int:
    """How many processes may share the work: ``$LINEAGE_WORKERS``, else the usable CPUs."""
    explicit = os.environ.get("LINEAGE_WORKERS", "").strip()
    if explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def join_text(render: Callable[[Sequence[T]], str], items: Sequence[T], *,
              costs: Sequence[int] | None = None, workers: int | None = None,
              min_items: int | None = None) -> str:
    """``render(items)``, computed as ``"".join(render(stretch) for stretch in stretches)``
    over consecutive stretches of ``items``, one per worker process. ``render`` must give
    the same text for a sequence as the concatenation of what it gives for its parts.
    ``costs`` (one per item, in any unit) even out the stretches' work; else each gets as
    many items.

    >>> join_text(lambda part: "".join(f"{n};" for n in part), range(5), min_items=1)
    '0;1;2;3;4;'
    """
    count = worker_count() if workers is None else workers
    least = MIN_ITEMS if min_items is None else min_items
    if (count < 2 or len(items) < max(least, 2) or not sys.platform.startswith("linux")
            or not _alone()):
        return render(items)
    stretches = _stretches(items, min(count, len(items)), costs)

    for stream in (sys.stdout, sys.stderr):  # or a child would print the parent's buffer again
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    children = []
    try:
        for stretch in stretches[1:]:
            out = _scratch_file()
            pid = os.fork()
            if pid == 0:  # the child: render, write, leave without running any cleanup
                code = 1
                try:
                    data = render(stretch).encode("utf-8", "surrogatepass")
                    view = memoryview(data)
                    while view:
                        view = view[os.write(out.fileno(), view):]
                    code = 0
                finally:
                    os._exit(code)
            children.append((pid, out, stretch))
        parts = [render(stretches[0])]
    except BaseException:
        import signal

        for pid, out, _ in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            _reap(pid)
            out.close()
        raise
    for pid, out, stretch in children:
        ok = _reap(pid)
        with out:
            text = None
            if ok:
                out.seek(0)
                try:
                    text = out.read().decode("utf-8", "surrogatepass")
                except (OSError, UnicodeDecodeError):
                    text = None
        parts.append(render(stretch) if text is None else text)
    return "".join(parts)


def _alone() -> bool:
    """True when this process runs no other thread. A thread of the host program (a notebook
    kernel has several) may hold a lock at the moment of the fork, and the worker, which
    inherits the lock but not the thread, could wait for it forever."""
    import threading

    return threading.active_count() == 1


def _stretches(items: Sequence[T], count: int, costs: Sequence[int] | None,
               ) -> list[Sequence[T]]:
    """``items`` cut into ``count`` consecutive stretches of about equal cost."""
    if costs is None:
        bounds = [len(items) * i // count for i in range(count + 1)]
    else:
        from itertools import accumulate

        if len(costs) != len(items):
            raise ValueError("one cost per item")
        running = list(accumulate(costs))
        total = running[-1] if running else 0
        from bisect import bisect_left

        # a stretch ends with the item that takes it past its share
        cuts = [min(bisect_left(running, total * i / count) + 1, len(items)) for i in range(1, count)]
        bounds = [0, *cuts, len(items)]
    return [items[bounds[i]:bounds[i + 1]] for i in range(count)]


def _scratch_file():  # type: ignore[no-untyped-def]
    """Where a child leaves its text. A file, not a pipe: a child writing megabytes into a
    pipe would wait for this process to read, which it only does once its own stretch is
    done. In memory where Linux offers it (memfd), else a temporary file."""
    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create("lineage-part", os.MFD_CLOEXEC), "w+b")
        except OSError:
            pass
    import tempfile

    return tempfile.TemporaryFile()


def _reap(pid: int) -> bool:
    """Wait for the child; True when it exited cleanly."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
