"""Reading-time estimates (lineage.analysis.timing) and how order/prereqs show them.

The graph below is small enough to check every number by hand:

    a (2010, 10 pages) ← b (2011, 8 pages) ← t (2013, minutes: 30)
    a                  ← c (2012, no pages) ← t

At the default 6 min/page: a 60, b 48, c ~72 (12 pages assumed), t 30 → 210 min.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import paper, write_graph
from lineage import build_plan, load_graph
from lineage.analysis.plan import ReadingPlan
from lineage.analysis.timing import (
    DEFAULT_PACE,
    DEFAULT_PAGES,
    format_minutes,
    parse_duration,
    plan_summary,
    reading_time,
    resolve_pace,
    total_time,
)
from lineage.errors import LineageError
from lineage.model import Paper


@pytest.fixture
def timed(tmp_path):
    papers = [
        paper("a", 2010, pages=10),
        paper("b", 2011, pages=8),
        paper("c", 2012),
        paper("t", 2013, minutes=30, title="Target"),
    ]
    edges = [
        {"paper": "b", "builds_on": "a", "kind": "method"},
        {"paper": "c", "builds_on": "a", "kind": "data"},
        {"paper": "t", "builds_on": "b", "kind": "method"},
        {"paper": "t", "builds_on": "c", "kind": "data"},
    ]
    return str(write_graph(tmp_path / "timed", papers, edges))


def _paper(**fields: object) -> Paper:
    return Paper("x", "X", ("A",), 2020, **fields)  # type: ignore[arg-type]


# --- the library ------------------------------------------------------------------------

def test_minutes_field_wins_over_pages():
    time = reading_time(_paper(pages=40, minutes=25), pace=6)
    assert (time.minutes, time.basis, time.estimated) == (25, "minutes", False)


def test_pages_times_pace_rounded_half_up():
    assert reading_time(_paper(pages=9), pace=6).minutes == 54
    assert reading_time(_paper(pages=7), pace=2.5).minutes == 18  # 17.5 → 18
    assert reading_time(_paper(pages=3), pace=0.5).minutes == 2   # 1.5 → 2
    assert not reading_time(_paper(pages=9), pace=6).estimated


def test_paper_without_length_gets_the_documented_default_and_is_marked():
    assert (DEFAULT_PAGES, DEFAULT_PACE) == (12, 6.0)
    time = reading_time(_paper(), pace=6)
    assert (time.minutes, time.basis, time.estimated) == (72, "default", True)
    assert reading_time(_paper(), pace=4).minutes == 48


def test_pace_comes_from_argument_then_environment_then_default(monkeypatch):
    assert resolve_pace() == 6.0
    monkeypatch.setenv("LINEAGE_PACE", "4.5")
    assert resolve_pace() == 4.5
    assert resolve_pace(3) == 3.0
    assert reading_time(_paper(pages=10)).minutes == 45
    monkeypatch.setenv("LINEAGE_PACE", "fast")
    with pytest.raises(LineageError, match="LINEAGE_PACE"):
        resolve_pace()
    with pytest.raises(LineageError):
        resolve_pace(0)
    with pytest.raises(LineageError):
        resolve_pace(float("nan"))


@pytest.mark.parametrize("minutes, estimated, text", [
    (0, False, "0 min"), (45, False, "45 min"), (59, True, "~59 min"), (60, False, "1 h"),
    (72, True, "~1 h 12 min"), (150, False, "2 h 30 min"), (599, False, "9 h 59 min"),
    (600, False, "10 h"), (2290, True, "~38 h"), (2310, False, "39 h"),  # 38.5 h rounds up
])
def test_format_minutes(minutes, estimated, text):
    assert format_minutes(minutes, estimated=estimated) == text


@pytest.mark.parametrize("text, minutes", [
    ("90m", 90), ("10h", 600), ("1.5h", 90), ("2h30m", 150), ("2h 30min", 150), ("45 min", 45),
    ("0.25h", 15), (" 3H ", 180), ("1h0m", 60), ("1.5m", 2),
])
def test_parse_duration_accepts(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "10", "h", "m", "ten hours", "2h30", "-1h", "1d", "30m2h"])
def test_parse_duration_refuses(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_total_time_and_plan_minutes(timed):
    g = load_graph(timed)
    assert total_time(g, ["a", "b"], pace=6).minutes == 108
    assert not total_time(g, ["a", "b"], pace=6).estimated
    assert total_time(g, ["a", "c"], pace=6).estimated
    plan = build_plan(g, ["t"], pace=6)
    assert isinstance(plan, ReadingPlan)
    assert [(e.paper.id, e.minutes, e.estimated) for e in plan.entries] == [
        ("a", 60, False), ("b", 48, False), ("c", 72, True), ("t", 30, False)]
    assert (plan.total_minutes, plan.estimated, plan.pace) == (210, True, 6.0)
    assert plan_summary(plan) == "4 papers, ~3 h 30 min"


def test_summary_with_read_marks_says_what_is_left(timed):
    g = load_graph(timed)
    plan = build_plan(g, ["t"], read={"a", "c"}, pace=6)
    # left: b 48 + t 30 = 78, none of them estimated
    assert plan_summary(plan) == "4 papers, ~3 h 30 min; 2 read, 1 h 18 min left"
    plan = build_plan(g, ["t"], read={"a"}, pace=6)
    assert plan_summary(plan) == "4 papers, ~3 h 30 min; 1 read, ~2 h 30 min left"


# --- the command line -----------------------------------------------------------------

def test_order_text_shows_total_and_per_paper_time(run, timed):
    result = run("--graph", timed, "order", "t")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Reading order for Target: 4 papers, ~3 h 30 min"
    assert lines[1] == "Times at 6 min/page; ~ = page count unknown, 12 pages assumed."
    assert "[a]  1 h" in result.output
    assert "[b]  48 min" in result.output
    assert "[c]  ~1 h 12 min" in result.output
    assert "[t]  30 min  ← target" in result.output


def test_order_without_estimates_has_no_tilde(run, timed):
    out = run("--graph", timed, "order", "b").output
    assert out.splitlines()[0] == "Reading order for Paper b: 2 papers, 1 h 48 min"
    assert "~" not in out


def test_pace_option_and_environment(run, timed, monkeypatch):
    # pace 5: a 50 + b 40 + c 60 + t 30 (own minutes do not scale) = 180
    assert "4 papers, ~3 h\n" in run("--graph", timed, "order", "t", "--pace", "5").output
    monkeypatch.setenv("LINEAGE_PACE", "5")
    assert "4 papers, ~3 h\n" in run("--graph", timed, "order", "t").output
    # the option beats the environment: pace 10 → 100 + 80 + 120 + 30 = 330
    out = run("--graph", timed, "order", "t", "--pace", "10").output
    assert "4 papers, ~5 h 30 min\n" in out and "Times at 10 min/page" in out


@pytest.mark.parametrize("pace", ["0", "-3", "fast"])
def test_bad_pace_is_a_usage_error(run, timed, pace):
    result = run("--graph", timed, "order", "t", "--pace", pace)
    assert result.exit_code == 2
    assert "--pace" in result.output


def test_bad_pace_in_environment_is_an_error_naming_the_variable(run, timed, monkeypatch):
    monkeypatch.setenv("LINEAGE_PACE", "slow")
    result = run("--graph", timed, "order", "t")
    assert result.exit_code == 1
    assert "error: $LINEAGE_PACE must be minutes per page, e.g. 6; got 'slow'" in result.output
    monkeypatch.setenv("LINEAGE_PACE", "-2")
    assert run("--graph", timed, "prereqs", "t").exit_code == 1
    # an explicit --pace does not need the broken variable
    assert run("--graph", timed, "order", "t", "--pace", "6").exit_code == 0


def test_order_json_carries_minutes_and_total(run, timed):
    data = json.loads(run("--graph", timed, "order", "t", "-f", "json").output)
    assert [(p["id"], p["minutes"], p["minutes_estimated"]) for p in data["papers"]] == [
        ("a", 60, False), ("b", 48, False), ("c", 72, True), ("t", 30, False)]
    assert [p["pages"] for p in data["papers"]] == [10, 8, None, None]
    assert (data["total_minutes"], data["total_estimated"], data["pace"]) == (210, True, 6.0)


def test_order_markdown_has_time_in_header_and_items(run, timed):
    out = run("--graph", timed, "order", "t", "-f", "markdown").output
    lines = out.splitlines()
    # no escaped ~ (it cannot strike text through before a digit or a space)
    assert lines[2].startswith("_4 papers, ~3 h 30 min (at 6 min/page; ~ = page count unknown")
    items = [line for line in lines if line.startswith("- [ ]")]
    # an item's time never wraps apart on GitHub: no-break spaces inside it
    assert " — 48\u00a0min <!-- lineage:b -->" in items[1]
    assert " — ~1\u00a0h\u00a012\u00a0min <!-- lineage:c -->" in items[2]
    assert " — 30\u00a0min — **target** <!-- lineage:t -->" in items[3]


def test_order_csv_has_minutes_columns(run, timed):
    rows = list(csv.DictReader(io.StringIO(run("--graph", timed, "order", "t", "-f", "csv").output)))
    assert [(r["id"], r["minutes"], r["minutes_estimated"]) for r in rows] == [
        ("a", "60", ""), ("b", "48", ""), ("c", "72", "yes"), ("t", "30", "")]


def test_prereqs_shows_time_of_the_prerequisites_only(run, timed):
    out = run("--graph", timed, "prereqs", "t").output
    # a 60 + b 48 + c ~72 = 180; t's own 30 minutes are not counted
    assert out.splitlines()[0] == "Target builds on 3 papers up to 2 hops back, ~3 h of reading"
    assert "[a]  1 h" in out and "[c]  ~1 h 12 min" in out
    data = json.loads(run("--graph", timed, "prereqs", "t", "-f", "json", "--pace", "3").output)
    # pace 3: a 30 + b 24 + c 36 = 90
    assert (data["total_minutes"], data["total_estimated"], data["pace"]) == (90, True, 3.0)
    assert [[(p["id"], p["minutes"]) for p in g["papers"]] for g in data["by_hops"]] == [
        [("b", 24), ("c", 36)], [("a", 30)]]


def test_prereqs_with_kind_filter_counts_only_followed_papers(run, timed):
    # method edges only: t ← b ← a; c is reached only through a data edge
    out = run("--graph", timed, "prereqs", "t", "--kind", "method").output
    assert out.splitlines()[0] == "Target builds on 2 papers up to 2 hops back, 1 h 48 min of reading"
    md = run("--graph", timed, "prereqs", "t", "-f", "markdown").output
    assert md.startswith("# Target builds on 3 papers up to 2 hops back, ~3 h of reading\n")
