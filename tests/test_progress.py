"""The progress file and the commands that use it: done, undone, next, progress, order's
ticks and --unread. Expected values are worked out by hand from the small graph below."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import paper, write_graph
from lineage.io.progress_file import (
    Progress,
    ProgressError,
    load_progress,
    progress_path,
    save_progress,
)

# a(2010) ← b(2012) ← d(2015) ← t(2018);  a ← c(2013) ← d.  Reading order: a b c d t.
# Generations over the path: a=1, b=2, c=2, d=3, t=4.


@pytest.fixture
def g(tmp_path):
    papers = [paper("a", 2010, title="Alpha Networks", why="the root of it all"),
              paper("b", 2012, title="Beta Learning", why="beta matters"),
              paper("c", 2013, title="Gamma Attention", why="gamma matters"),
              paper("d", 2015, title="Delta Models"),
              paper("t", 2018, title="Target Reasoning", aliases=["T1"])]
    edges = [{"paper": "b", "builds_on": "a", "kind": "method", "why": "uses alpha units"},
             {"paper": "c", "builds_on": "a", "kind": "method", "why": "attends over alpha"},
             {"paper": "d", "builds_on": "b", "kind": "method", "why": "trains like beta"},
             {"paper": "d", "builds_on": "c", "kind": "method", "why": "uses gamma attention"},
             {"paper": "t", "builds_on": "d", "kind": "method", "why": "starts from delta"}]
    return str(write_graph(tmp_path / "g", papers, edges))


@pytest.fixture
def prog(tmp_path) -> Path:
    return tmp_path / "me" / "progress.yaml"


def test_done_writes_plain_yaml_a_person_can_edit(run, g, prog):
    result = run("--graph", g, "done", "Alpha Networks", "T1", "--date", "2025-03-02",
                 "--progress", str(prog))
    assert result.exit_code == 0
    assert "read: a  Alpha Networks" in result.stdout and "read: t  Target Reasoning" in result.stdout
    text = prog.read_text()
    assert text.startswith("# ")  # a comment header explains the file
    assert yaml.safe_load(text) == {"read": {"a": dt.date(2025, 3, 2), "t": dt.date(2025, 3, 2)}}
    assert "  a: 2025-03-02\n" in text


def test_done_uses_today_and_keeps_the_first_date(run, g, prog):
    run("--graph", g, "done", "a", "--date", "2024-01-05", "--progress", str(prog))
    result = run("--graph", g, "done", "a", "b", "--progress", str(prog))
    assert "already read on 2024-01-05: a" in result.stdout
    assert load_progress(prog).read == {"a": "2024-01-05", "b": dt.date.today().isoformat()}


def test_progress_file_comes_from_option_then_env_then_data_folder(run, g, tmp_path, monkeypatch):
    env_file = tmp_path / "env.yaml"
    monkeypatch.setenv("LINEAGE_PROGRESS", str(env_file))
    run("--graph", g, "done", "a")
    assert load_progress(env_file).ids() == {"a"}
    assert progress_path("x.yaml") == Path("x.yaml")
    monkeypatch.delenv("LINEAGE_PROGRESS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert progress_path() == tmp_path / "data" / "lineage" / "progress.yaml"


def test_undone_removes_and_reports(run, g, prog):
    run("--graph", g, "done", "a", "b", "--progress", str(prog))
    result = run("--graph", g, "undone", "beta learning", "c", "--progress", str(prog))
    assert result.exit_code == 0
    assert "unread: b" in result.stdout and "was not marked read: c" in result.stdout
    assert load_progress(prog).ids() == {"a"}


def test_unknown_paper_exits_1_and_writes_nothing(run, g, prog):
    result = run("--graph", g, "done", "a", "nonesuch", "--progress", str(prog))
    assert result.exit_code == 1 and "no paper called 'nonesuch'" in result.stderr
    assert not prog.exists()


def test_next_suggests_only_papers_whose_prerequisites_are_read(run, g, prog):
    result = run("--graph", g, "next", "t", "-n", "5", "--progress", str(prog))
    assert result.exit_code == 0
    assert re.findall(r"\[([a-z])\]", result.stdout) == ["a"]  # only a has nothing before it
    assert "Why: the root of it all" in result.stdout
    assert "b: uses alpha units" in result.stdout and "c: attends over alpha" in result.stdout

    run("--graph", g, "done", "a", "--progress", str(prog))
    result = run("--graph", g, "next", "t", "--progress", str(prog))
    assert re.findall(r"\[([a-z])\]", result.stdout) == ["b", "c"]
    assert "(1 of 5 read" in result.stdout
    assert re.findall(r"\[([a-z])\]", run("--graph", g, "next", "t", "-n", "1",
                                          "--progress", str(prog)).stdout) == ["b"]

    run("--graph", g, "done", "b", "c", "d", "t", "--progress", str(prog))
    assert "All 5 papers for Target Reasoning are read." in run("--graph", g, "next", "t", "--progress",
                                                   str(prog)).stdout


def test_next_skips_unread_papers_whose_prerequisites_are_not_read(run, g, prog):
    run("--graph", g, "done", "a", "c", "--progress", str(prog))  # b unread, so d must wait
    result = run("--graph", g, "next", "t", "-n", "5", "--progress", str(prog))
    assert re.findall(r"\[([a-z])\]", result.stdout) == ["b"]


def test_progress_shows_count_bar_and_what_remains_by_hops(run, g, prog):
    run("--graph", g, "done", "a", "b", "--progress", str(prog))
    result = run("--graph", g, "progress", "t", "--progress", str(prog))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Target Reasoning: 2 of 5 papers read (40%)"
    assert lines[1] == "[" + "#" * 12 + "-" * 18 + "] 40%"
    rest = "\n".join(lines[2:])
    # hops back from t: d 1, b and c 2, a 3 (read, so its group is gone)
    assert "3 hops back" not in rest and "eneration" not in rest
    assert "2 hops back (1 of 2 left)" in rest and "[c]" in rest and "[b]" not in rest
    assert "1 hop back (1 of 1 left)" in rest and "The target (1 of 1 left)" in rest


def test_order_ticks_read_papers_and_unread_leaves_them_out(run, g, prog):
    run("--graph", g, "done", "a", "--progress", str(prog))
    text = run("--graph", g, "order", "t", "--progress", str(prog)).stdout
    assert re.search(r"1\. \[x\] Alpha Networks", text) and re.search(r"2\. \[ \] Beta", text)
    md = run("--graph", g, "order", "t", "-f", "markdown", "--progress", str(prog)).stdout
    assert "- [x] **Alpha Networks**" in md and "- [ ] **Beta Learning**" in md
    unread = run("--graph", g, "order", "t", "--unread", "--progress", str(prog)).stdout
    assert re.findall(r"\[([a-z])\]  ", unread) == ["b", "c", "d", "t"]
    assert re.search(r"2\. \[ \] Beta", unread)  # positions stay those of the full order


CORRUPT = [
    ("read:\n  a: 2025-01-01\n  b: [2025-01-02\n", ":4:"),  # unclosed flow list
    ("read:\n  a: 2025-01-01\n  b: last tuesday\n", ":3:6:"),  # not a date
    ("- a\n- b\n", ":1:1:"),  # a list, not `read:`
    ("read:\n  a: 2025-01-01\nnotes: x\n", ":3:1:"),  # unknown top-level key
    (b"read:\n  a: 2025-01-01\n  \xff: 2025-01-01\n", ":3:"),  # not UTF-8
]


@pytest.mark.parametrize(("content", "where"), CORRUPT)
@pytest.mark.parametrize("command", [["done", "b"], ["undone", "a"], ["next", "t"],
                                     ["progress", "t"], ["order", "t"]])
def test_corrupt_progress_file_is_refused_and_left_untouched(run, g, prog, content, where,
                                                             command):
    prog.parent.mkdir(parents=True)
    data = content if isinstance(content, bytes) else content.encode()
    prog.write_bytes(data)
    result = run("--graph", g, *command, "--progress", str(prog))
    assert result.exit_code == 1
    assert f"{prog}{where}" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.output
    assert prog.read_bytes() == data
    # no .bak, no temporary file (the lock file of done/undone may stay: it is never deleted)
    assert set(p.name for p in prog.parent.iterdir()) - {"progress.yaml.lock"} == {"progress.yaml"}


def test_hand_edited_file_with_empty_dates_and_comments_loads(prog):
    prog.parent.mkdir(parents=True)
    prog.write_text("# mine\nread:\n  a:            # read it long ago\n  b: 2025-02-03\n")
    assert load_progress(prog).read == {"a": None, "b": "2025-02-03"}
    prog.write_text("# nothing yet\n")
    assert load_progress(prog).read == {}


def test_ids_no_longer_in_the_graph_are_kept_and_reported(run, g, prog):
    prog.parent.mkdir(parents=True)
    prog.write_text("read:\n  old-paper: 2024-05-01\n  a: 2024-05-02\n")
    result = run("--graph", g, "done", "b", "--progress", str(prog))
    assert result.exit_code == 0
    assert "1 paper marked read is not in the graph (kept in the file): old-paper" in result.stderr
    assert load_progress(prog).read == {"old-paper": "2024-05-01", "a": "2024-05-02",
                                        "b": dt.date.today().isoformat()}
    # and it can still be removed by the id the file spells
    assert run("--graph", g, "undone", "old-paper", "--progress", str(prog)).exit_code == 0
    assert "old-paper" not in load_progress(prog).read


def test_backup_is_the_last_good_version(run, g, prog):
    run("--graph", g, "done", "a", "--progress", str(prog))
    first = prog.read_bytes()
    run("--graph", g, "done", "b", "--progress", str(prog))
    assert (prog.parent / "progress.yaml.bak").read_bytes() == first
    assert load_progress(prog).ids() == {"a", "b"}


def test_write_interrupted_by_failed_fsync_leaves_old_file_whole(run, g, prog, monkeypatch):
    run("--graph", g, "done", "a", "--progress", str(prog))
    before = prog.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = run("--graph", g, "done", "b", "--progress", str(prog))
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert prog.read_bytes() == before
    assert load_progress(prog).ids() == {"a"}
    assert not [p for p in prog.parent.iterdir() if p.name.endswith(".tmp")]


def test_write_interrupted_before_the_rename_leaves_old_file_whole(run, g, prog, monkeypatch):
    run("--graph", g, "done", "a", "--progress", str(prog))
    before = prog.read_bytes()
    real_replace = os.replace

    def crash_on_target(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == prog:
            raise KeyboardInterrupt  # the process dies between writing and renaming
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_target)
    with pytest.raises(KeyboardInterrupt):
        save_progress(Progress(prog, {"a": "2025-01-01", "b": "2025-01-02"}, loaded=before))
    assert prog.read_bytes() == before
    assert (prog.parent / "progress.yaml.bak").read_bytes() == before
    assert not [p for p in prog.parent.iterdir() if p.name.endswith(".tmp")]


def test_save_refuses_to_overwrite_edits_made_since_loading(prog):
    progress = load_progress(prog)
    progress.mark(["a"])
    save_progress(progress)
    prog.write_text(prog.read_text() + "  b: 2025-01-01\n")  # a person edits meanwhile
    progress.mark(["c"])
    with pytest.raises(ProgressError, match="changed since lineage read it"):
        save_progress(progress)
    assert "b: 2025-01-01" in prog.read_text()


def test_ids_that_yaml_would_misread_round_trip(prog):
    progress = load_progress(prog)
    progress.mark(["yes", "1234", "null", "on"], on=dt.date(2025, 1, 1))
    save_progress(progress)
    assert set(load_progress(prog).read) == {"yes", "1234", "null", "on"}
