"""Commands for a reader working through a path over weeks: done, undone, next, progress,
import (ticks from a Markdown checklist), and lint-list (a reading list checked against the
graph)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from ..words import plural, visible
from .app import cli, graph_option, load, wrap_width, write_output
from .options import all_links_option, format_option, output_option, progress_option

if TYPE_CHECKING:
    import networkx as nx

    from ..io.progress_file import Progress

__all__ = ["load_progress_for"]


def load_progress_for(graph: nx.DiGraph, progress_file: str | None) -> Progress:
    """Load the progress file and warn (stderr) about ids the graph no longer has: they are
    kept in the file, never dropped."""
    from ..io.progress_file import load_progress

    progress = load_progress(progress_file)
    gone = progress.vanished(graph)
    if gone:
        shown = ", ".join(gone[:10]) + (", …" if len(gone) > 10 else "")
        click.echo(f"warning: {progress.path}: {plural(len(gone), 'paper')}"
                   f" marked read {'are' if len(gone) != 1 else 'is'} not in the graph "
                   f"(kept in the file): {shown}", err=True)
    return progress


@contextlib.contextmanager
def _changing_progress(graph: nx.DiGraph, progress_file: str | None) -> Iterator[Progress]:
    """The progress file for a command to change: locked from reading it to writing it back,
    and saved, if it changed, before the command says what it did (nothing is said to be
    read unless it was saved)."""
    from ..io.progress_file import progress_lock, save_progress

    with progress_lock(progress_file):
        progress = load_progress_for(graph, progress_file)
        before = dict(progress.read)
        yield progress
        if progress.read != before:
            path = save_progress(progress)
            click.echo(f"saved {path} ({len(progress.read)} read)", err=True)


def _label(graph: nx.DiGraph, node: str) -> str:
    paper = graph.nodes[node]["paper"]
    return f"{node}  {paper.title} ({paper.citation})"


@cli.command()
@click.argument("papers", nargs=-1, required=True)
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="The date you read them (default: today; given, it "
                                         "also replaces the date of papers already read).")
@progress_option
@graph_option
@click.pass_context
def done(ctx: click.Context, papers: tuple[str, ...], on: dt.datetime | None,
         progress_file: str | None) -> None:
    """Mark PAPERS as read (today, or --date), in the progress file.

    Names resolve as everywhere (id, alias, arXiv id or link, title). A paper already read
    keeps the date it was first marked.

    \b
    Examples:
      lineage done transformer
      lineage done "attention is all you need" 1810.04805 --date 2025-03-02
    """
    from ..analysis.resolve import resolve_many

    graph = load(ctx, papers)
    ids = resolve_many(graph, list(papers))
    with _changing_progress(graph, progress_file) as progress:
        before = dict(progress.read)
        added = progress.mark(ids, on=on.date() if on else None, overwrite=on is not None)
    for node in ids:
        if node in added:
            click.echo(f"read: {_label(graph, node)}")
        elif before[node] != progress.read[node]:
            click.echo(f"read: {_label(graph, node)} (date now {progress.read[node]})")
        else:
            click.echo(f"already read{' on ' + before[node] if before[node] else ''}: "
                       f"{_label(graph, node)}")


@cli.command()
@click.argument("papers", nargs=-1, required=True)
@progress_option
@graph_option
@click.pass_context
def undone(ctx: click.Context, papers: tuple[str, ...], progress_file: str | None) -> None:
    """Mark PAPERS as not read: remove them from the progress file.

    An id the graph no longer has can be given exactly as the file spells it.

    \b
    Example:
      lineage undone transformer
    """
    from ..analysis.resolve import resolve

    graph = load(ctx, papers)
    with _changing_progress(graph, progress_file) as progress:
        ids: list[str] = []
        for name in papers:
            node = name if name in progress.read and name not in graph else resolve(graph, name)
            if node not in ids:
                ids.append(node)
        removed = progress.unmark(ids)
    for node in ids:
        label = _label(graph, node) if node in graph else visible(node)
        click.echo(f"{'unread' if node in removed else 'was not marked read'}: {label}")


def _path(ctx: click.Context, targets: tuple[str, ...], progress_file: str | None,  # type: ignore[no-untyped-def]
          all_links: bool):
    from ..analysis.plan import build_plan
    from ..analysis.resolve import resolve_many

    graph = load(ctx, targets)
    ids = resolve_many(graph, list(targets))
    progress = load_progress_for(graph, progress_file)
    plan = build_plan(graph, ids, read=progress.ids(), follow="all" if all_links else "core")
    return graph, plan


@cli.command("next")
@click.argument("targets", nargs=-1, required=True)
@click.option("-n", "count", type=click.IntRange(min=1), default=3, show_default=True,
              help="How many papers to suggest.")
@output_option()
@all_links_option
@progress_option
@graph_option
@click.pass_context
def next_papers(ctx: click.Context, targets: tuple[str, ...], count: int, output: str | None,
                all_links: bool, progress_file: str | None) -> None:
    """The next unread papers on the way to TARGETS whose prerequisites are all read.

    In reading order, each with why it matters and what in the path needs it. The path
    follows core links (--all: every link). Mark one read with `lineage done`, then ask
    again.

    \b
    Examples:
      lineage next deepseek-r1
      lineage next R1 -n 1 && lineage done transformer
    """
    from ..analysis.reports import ready_to_read
    from ..formats.reports import render_next

    graph, plan = _path(ctx, targets, progress_file, all_links)
    write_output(render_next(graph, plan, ready_to_read(graph, plan), count,
                             width=wrap_width(output)), output)


@cli.command("progress")
@click.argument("targets", nargs=-1, required=True)
@output_option()
@all_links_option
@progress_option
@graph_option
@click.pass_context
def progress_cmd(ctx: click.Context, targets: tuple[str, ...], output: str | None,
                 all_links: bool, progress_file: str | None) -> None:
    """How far along the path to TARGETS you are: read / total, a bar, and what remains
    grouped by hops back from TARGETS. The path follows core links (--all: every link).

    \b
    Example:
      lineage progress deepseek-r1
    """
    from ..analysis.reports import remaining_by_hops
    from ..formats.reports import render_progress_report

    graph, plan = _path(ctx, targets, progress_file, all_links)
    write_output(render_progress_report(plan, remaining_by_hops(graph, plan),
                                        width=wrap_width(output)), output)


@cli.command("import")
@click.argument("checklist", metavar="CHECKLIST.md")
@click.option("--untick", is_flag=True,
              help="Also mark not read the papers whose items are unticked in the file.")
@progress_option
@graph_option
@click.pass_context
def import_checklist(ctx: click.Context, checklist: str, progress_file: str | None,
                     untick: bool = False) -> None:
    """Mark read every ticked item of a Markdown checklist (one `lineage order -f markdown`
    wrote, or one a person edited, e.g. on GitHub).

    Items match a paper by their <!-- lineage:ID --> marker, else an arXiv id or link, else
    the title. Unticked items un-read nothing unless --untick is given; the output names
    those your progress file marks read. Items that match no paper are listed.

    \b
    Example:
      lineage import out/deepseek-r1.md
    """
    from ..analysis.reading_list import match_items
    from ..io.checklist import read_checklist

    items = read_checklist(checklist).items
    graph = load(ctx)
    unticked: list[str] = []
    ticked, unmatched = match_items(graph, items, unticked)
    with _changing_progress(graph, progress_file) as progress:
        added = progress.mark(ticked)
        stale = [i for i in unticked if i in progress.ids() and i not in ticked]
        removed = progress.unmark(stale) if untick else []
    click.echo(f"{visible(checklist)}: {len(items)} items, {len(ticked)} ticked; "
               f"{len(added)} newly marked read, {len(ticked) - len(added)} already read"
               + (f", {len(removed)} marked not read." if untick else "."))
    for node in added:
        click.echo(f"  read: {_label(graph, node)}")
    for node in removed:
        click.echo(f"  not read: {_label(graph, node)}")
    if stale and not untick:
        click.echo(f"{plural(len(stale), 'item')} unticked here but read in your progress file "
                   "(kept read; --untick marks them not read):")
        for node in stale:
            click.echo(f"  {_label(graph, node)}")
    if unmatched:
        click.echo(f"{plural(len(unmatched), 'item')} matched no paper (not imported):")
        for item in unmatched:
            # The line is the user's file: control characters shown, never sent to the terminal.
            click.echo(f"  line {item.lineno}: [{'x' if item.ticked else ' '}] "
                       f"{visible(item.text)}")


@cli.command("lint-list")
@click.argument("file")
@format_option(["text", "markdown", "json"])
@output_option()
@click.option("--all", "show_all", is_flag=True,
              help="text: list every missing prerequisite, not only the 10 most needed.")
@click.option("--strict", is_flag=True,
              help="Exit 1 when an entry is unresolved, a prerequisite is missing or an entry "
                   "comes before a paper it builds on.")
@click.option("--online", is_flag=True,
              help="Look entries the curated graph lacks up in the store of fetched papers, then "
                   "by Semantic Scholar's title match; such matches are marked as guesses from "
                   "derived data.")
@graph_option
@click.pass_context
def lint_list_cmd(ctx: click.Context, file: str, fmt: str, output: str | None, strict: bool,
                  show_all: bool = False, online: bool = False) -> None:
    """Check a reading list you already have against the graph.

    FILE is text or Markdown with one paper per line (a title, an arXiv id or link, or an
    id; bullets, numbers and checkboxes are ignored), or a YAML list. Reports entries it
    cannot resolve (with close matches), the prerequisites the list is missing (papers
    its entries need along core links, directly or not, most needed first; what they cite
    only as context is not a gap), the entries that come before
    a paper they build on, and prints the list in a valid reading order.

    \b
    Examples:
      lineage lint-list my-list.md
      lineage lint-list papers.yaml --format json
    """
    from ..analysis.reading_list import lint_list, read_list_lines
    from ..errors import LineageError
    from ..formats.reading_list import render_report

    items, skipped = read_list_lines(file)
    if not items:
        raise LineageError(f"{file}: no entries found (one paper per line expected)")
    graph = load(ctx)
    report = lint_list(graph, items, file=visible(file), skipped=skipped)
    if online and report.unresolved:
        from .fetched import find_online

        graph = find_online(ctx, graph, [e.text for e in report.unresolved])
        report = lint_list(graph, items, file=visible(file), skipped=skipped)
        for entry in report.entries:
            if entry.id is not None and graph.nodes[entry.id]["paper"].derived:
                entry.guess = True
                entry.how = "found online by Semantic Scholar's title match (derived, not curated)"
    write_output(render_report(report, graph, fmt, limit=None if show_all else 10,
                               width=wrap_width(output)), output)
    if strict and (report.unresolved or report.missing or report.violations):
        ctx.exit(1)
