"""Text rendered in worker processes is the text rendered in one."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import parallel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


def _lines(part) -> str:
    return "".join(f"{item}\n" for item in part)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=5), max_size=40), st.integers(1, 4), st.booleans())
def test_shared_out_text_is_the_text_rendered_at_once(items, workers, weighted):
    costs = [1 + len(item) for item in items] if weighted else None
    expected = _lines(items)
    assert parallel.join_text(_lines, items, workers=workers, min_items=1, costs=costs) == expected


def test_the_work_really_leaves_this_process():
    me = os.getpid()
    seen = parallel.join_text(lambda part: "".join(f"{os.getpid()}\n" for _ in part), range(6),
                              workers=3, min_items=1)
    pids = seen.split()
    assert len(pids) == 6 and pids[0] == str(me)
    assert len(set(pids)) == 3  # two children did the rest


def test_a_failing_worker_costs_time_not_text():
    me = os.getpid()

    def fragile(part) -> str:
        if os.getpid() != me:
            raise RuntimeError("a worker dies")
        return _lines(part)

    assert parallel.join_text(fragile, list("abcdef"), workers=3, min_items=1) == "a\nb\nc\nd\ne\nf\n"


def test_a_worker_killed_by_a_signal_is_redone_here():
    me = os.getpid()

    def killed(part) -> str:
        if os.getpid() != me:
            os.kill(os.getpid(), 9)
        return _lines(part)

    assert parallel.join_text(killed, list("abcd"), workers=2, min_items=1) == "a\nb\nc\nd\n"


def test_costs_even_out_the_stretches():
    # one expensive item first: with costs it gets a stretch of its own
    stretches = parallel._stretches([100, 1, 1, 1, 1], 2, costs=[100, 1, 1, 1, 1])
    assert [list(s) for s in stretches] == [[100], [1, 1, 1, 1]]
    assert [list(s) for s in parallel._stretches([100, 1, 1, 1, 1], 2, costs=None)] == [[100, 1], [1, 1, 1]]


def test_one_worker_or_few_items_stays_in_process(monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    assert parallel.join_text(_lines, list("ab"), workers=1, min_items=1) == "a\nb\n"
    assert parallel.join_text(_lines, list("ab"), workers=4) == "a\nb\n"  # below MIN_ITEMS
    monkeypatch.setenv("LINEAGE_WORKERS", "1")
    assert parallel.worker_count() == 1


def test_no_fork_while_another_thread_runs(monkeypatch):
    import threading

    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked beside a running thread"))
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert parallel.join_text(_lines, list("abcd"), workers=2, min_items=1) == "a\nb\nc\nd\n"
    finally:
        stop.set()
        helper.join()
