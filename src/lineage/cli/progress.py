"""Commands for a reader working through a path over weeks: done, undone, next, progress,
import (ticks from a Markdown checklist), and lint-list (a reading list checked against the
graph). ``progress_option`` is shared with ``lineage order``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

import click

from .app import cli, graph_option, load

if TYPE_CHECKING:
    import networkx as nx

    from ..io.progress_file import Progress

__all__ = ["progress_option", "load_progress_for"]


def progress_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--progress FILE``: where the papers read are kept."""
    return click.option(
        "--progress", "progress_file", metavar="FILE", default=None,
        help="The progress file of papers read (default: $LINEAGE_PROGRESS, else "
             "progress.yaml in your data folder, e.g. ~/.local/share/lineage/).")(func)


def load_progress_for(graph: nx.DiGraph, progress_file: str | None) -> Progress:
    """Load the progress file and warn (stderr) about ids the graph no longer has: they are
    kept in the file, never dropped."""
    from ..io.progress_file import load_progress

    progress = load_progress(progress_file)
    gone = progress.vanished(graph)
    if gone:
        shown = ", ".join(gone[:10]) + (", …" if len(gone) > 10 else "")
        click.echo(f"warning: {progress.path}: {len(gone)} paper{'s' if len(gone) != 1 else ''}"
                   f" marked read {'are' if len(gone) != 1 else 'is'} not in the graph "
                   f"(kept in the file): {shown}", err=True)
    return progress


def _save(progress: Progress) -> None:
    from ..io.progress_file import save_progress

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

    graph = load(ctx)
    ids = resolve_many(graph, list(papers))
    progress = load_progress_for(graph, progress_file)
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
    if progress.read != before:
        _save(progress)


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

    graph = load(ctx)
    progress = load_progress_for(graph, progress_file)
    ids: list[str] = []
    for name in papers:
        node = name if name in progress.read and name not in graph else resolve(graph, name)
        if node not in ids:
            ids.append(node)
    removed = progress.unmark(ids)
    for node in ids:
        label = _label(graph, node) if node in graph else node
        click.echo(f"{'unread' if node in removed else 'was not marked read'}: {label}")
    if removed:
        _save(progress)


def _path(ctx: click.Context, targets: tuple[str, ...], progress_file: str | None):  # type: ignore[no-untyped-def]
    from ..analysis.plan import build_plan
    from ..analysis.resolve import resolve_many

    graph = load(ctx)
    ids = resolve_many(graph, list(targets))
    progress = load_progress_for(graph, progress_file)
    plan = build_plan(graph, ids, read=progress.ids())
    return graph, plan


@cli.command("next")
@click.argument("targets", nargs=-1, required=True)
@click.option("-n", "count", type=click.IntRange(min=1), default=3, show_default=True,
              help="How many papers to suggest.")
@progress_option
@graph_option
@click.pass_context
def next_papers(ctx: click.Context, targets: tuple[str, ...], count: int,
                progress_file: str | None) -> None:
    """The next unread papers on the way to TARGETS whose prerequisites are all read.

    In reading order, each with why it matters and what in the path needs it. Mark one
    read with `lineage done`, then ask again.

    \b
    Examples:
      lineage next deepseek-r1
      lineage next R1 -n 1 && lineage done transformer
    """
    import textwrap

    from ..analysis.timing import format_minutes

    graph, plan = _path(ctx, targets, progress_file)
    total, read = len(plan.entries), plan.read_count
    if read == total:
        click.echo(f"All {total} papers for {plan.title} are read.")
        return
    done_ids = {e.paper.id for e in plan.entries if e.read}
    members = {e.paper.id for e in plan.entries}
    ready = [e for e in plan.entries if not e.read
             and all(p in done_ids for p in graph.pred[e.paper.id] if p in members)]
    click.echo(f"Next for {plan.title} ({read} of {total} read, "
               f"{format_minutes(plan.left_minutes, estimated=plan.estimated)} to go):")
    wrap = lambda text: textwrap.fill(text, 100, initial_indent="      ",  # noqa: E731
                                      subsequent_indent="        ")
    for entry in ready[:count]:
        paper = entry.paper
        time = format_minutes(entry.minutes or 0, estimated=entry.estimated)
        click.echo(f"\n{entry.position:>3}. {paper.title} ({paper.citation})  [{paper.id}]  {time}"
                   + ("  ← target" if entry.is_target else ""))
        if paper.link:
            click.echo(f"      {paper.link}")
        if paper.why:
            click.echo(wrap(f"Why: {paper.why}"))
        users = list(entry.needed_by)
        if users:
            click.echo("      Needed by:")
            for user in users[:5]:
                why = graph.edges[paper.id, user.id].get("why")
                click.echo(textwrap.fill(user.id + (f": {why}" if why else ""), 100,
                                         initial_indent="        ",
                                         subsequent_indent="          "))
            if len(users) > 5:
                click.echo(f"        and {len(users) - 5} more")
    if len(ready) > count:
        click.echo(f"\n{len(ready) - count} more can be read now (-n {len(ready)} shows all).")


@cli.command("progress")
@click.argument("targets", nargs=-1, required=True)
@progress_option
@graph_option
@click.pass_context
def progress_cmd(ctx: click.Context, targets: tuple[str, ...], progress_file: str | None) -> None:
    """How far along the path to TARGETS you are: read / total, a bar, and what remains
    grouped by generation (papers in one generation can be read in any order).

    \b
    Example:
      lineage progress deepseek-r1
    """
    from ..analysis.timing import format_minutes

    graph, plan = _path(ctx, targets, progress_file)
    total, read = len(plan.entries), plan.read_count
    share = read / total if total else 1.0
    width = 30
    filled = round(share * width)
    click.echo(f"{plan.title}: {read} of {total} papers read ({share:.0%})")
    click.echo(f"[{'#' * filled}{'-' * (width - filled)}] {share:.0%}")
    if read == total:
        click.echo("Nothing left: every paper of this path is read.")
        return
    click.echo(f"{total - read} to go, "
               f"{format_minutes(plan.left_minutes, estimated=plan.estimated)} of reading.")
    members = {e.paper.id for e in plan.entries}
    level: dict[str, int] = {}
    for entry in plan.entries:  # in reading order, so parents come first
        parents = [level[p] for p in graph.pred[entry.paper.id] if p in members]
        level[entry.paper.id] = 1 + max(parents) if parents else 1
    click.echo("\nStill to read, by generation:")
    for number in range(1, max(level.values()) + 1):
        left = [e for e in plan.entries if level[e.paper.id] == number and not e.read]
        if not left:
            continue
        size = sum(1 for v in level.values() if v == number)
        click.echo(f"  Generation {number} ({len(left)} of {size} left):")
        for e in left:
            mark = "  ← target" if e.is_target else ""
            click.echo(f"    {e.paper.title} ({e.paper.citation})  [{e.paper.id}]{mark}")


@cli.command("import")
@click.argument("checklist", metavar="CHECKLIST.md")
@progress_option
@graph_option
@click.pass_context
def import_checklist(ctx: click.Context, checklist: str, progress_file: str | None) -> None:
    """Mark read every ticked item of a Markdown checklist (one `lineage order -f markdown`
    wrote, or one a person edited, e.g. on GitHub).

    Items match a paper by their <!-- lineage:ID --> marker, else an arXiv id or link, else
    the title. Unticked items change nothing (nothing is un-read); items that match no
    paper are listed.

    \b
    Example:
      lineage import out/deepseek-r1.md
    """
    from ..analysis.reading_list import resolve_entry
    from ..errors import DataError
    from ..io.checklist import parse_checklist

    try:
        with open(checklist, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise DataError("file not found", checklist) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", checklist) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a Markdown checklist", checklist) from None
    graph = load(ctx)
    progress = load_progress_for(graph, progress_file)
    items = parse_checklist(text).items
    ticked: list[str] = []
    unmatched = []
    for item in items:
        entry = resolve_entry(graph, item.text)
        if entry.id is None:
            unmatched.append(item)
        elif item.ticked and entry.id not in ticked:
            ticked.append(entry.id)
    added = progress.mark(ticked)
    click.echo(f"{checklist}: {len(items)} items, {len(ticked)} ticked; "
               f"{len(added)} newly marked read, {len(ticked) - len(added)} already read.")
    for node in added:
        click.echo(f"  read: {_label(graph, node)}")
    if unmatched:
        click.echo(f"{len(unmatched)} item{'s' if len(unmatched) != 1 else ''} matched no paper"
                   " (not imported):")
        for item in unmatched:
            click.echo(f"  line {item.lineno}: [{'x' if item.ticked else ' '}] {item.text}")
    if added:
        _save(progress)


@cli.command("lint-list")
@click.argument("file")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
@click.option("--strict", is_flag=True,
              help="Exit 1 when an entry is unresolved, a prerequisite is missing or an entry "
                   "comes before a paper it builds on.")
@graph_option
@click.pass_context
def lint_list_cmd(ctx: click.Context, file: str, fmt: str, strict: bool) -> None:
    """Check a reading list you already have against the graph.

    FILE is text or Markdown with one paper per line (a title, an arXiv id or link, or an
    id; bullets, numbers and checkboxes are ignored), or a YAML list. Reports entries it
    cannot resolve (with close matches), the prerequisites the list is missing (papers
    its entries build on, directly or not, most needed first), the entries that come before
    a paper they build on, and prints the list in a valid reading order.

    \b
    Examples:
      lineage lint-list my-list.md
      lineage lint-list papers.yaml --format json
    """
    from ..analysis.reading_list import lint_list, read_list, render_report
    from ..errors import LineageError

    items = read_list(file)
    if not items:
        raise LineageError(f"{file}: no entries found (one paper per line expected)")
    graph = load(ctx)
    report = lint_list(graph, items, file=file)
    click.echo(render_report(report, graph, fmt), nl=False)
    if strict and (report.unresolved or report.missing or report.violations):
        ctx.exit(1)


def merge_existing_checklist(output: str | None, text: str, *,
                             read_elsewhere: Collection[str] = ()) -> str:
    """When ``output`` is an existing file, ``text`` (a fresh Markdown checklist) merged
    into it so the reader's ticks and notes survive; says on stderr what was kept."""
    import os

    from ..errors import DataError
    from ..io.checklist import NO_LONGER, merge_checklist

    if not output or output == "-" or not os.path.exists(output):
        return text
    try:
        with open(output, encoding="utf-8") as handle:
            old = handle.read()
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); not overwritten",
                        output) from None
    merged = merge_checklist(old, text, read_elsewhere=read_elsewhere, name=output)
    plural = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"  # noqa: E731
    message = (f"merged into {output}: kept {plural(merged.kept_ticks, 'tick')} and the notes "
               f"of {plural(merged.kept_notes, 'item')}; {plural(len(merged.added), 'paper')} "
               "added")
    if merged.moved:
        message += f"; {len(merged.moved)} moved to \"{NO_LONGER}\""
    click.echo(message, err=True)
    return merged.text
