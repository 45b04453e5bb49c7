"""Commands that answer questions about the graph: order, prereqs, path, show, search,
list, stats, check. Each resolves names, makes one library call, formats, writes."""

from __future__ import annotations

import os

import click

from ..formats import FORMATS
from .app import cli, format_for_output, graph_option, load, output_file, wrap_width, write_output
from .options import (
    all_links_option,
    budget_option,
    color_option,
    depth_option,
    format_option,
    kind_option,
    output_option,
    pace_option,
    progress_option,
)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@depth_option()
@kind_option()
@format_option(sorted(FORMATS), None, "Output format; markdown is a checklist to tick off. Default: "
               "from -o's extension (.md .json .csv .bib .ris .mmd .dot .txt), else text.")
@output_option()
@click.option("--why/--no-why", "explain", default=None,
              help="text: say why each paper matters and what needs it (--no-why: only what "
                   "needs it); markdown: add the why under each item.")
@click.option("--brief", is_flag=True,
              help="text: one line per paper (the default on a terminal).")
@click.option("--diagram", is_flag=True,
              help="markdown: add a Mermaid diagram of the path under the checklist (a large "
                   "lineage: its first hops only).")
@click.option("--force", is_flag=True,
              help="markdown -o: replace a file that is not a lineage checklist (kept as FILE.bak).")
@pace_option
@budget_option
@click.option("--unread", is_flag=True,
              help="Leave out the papers you have read (see `lineage done`).")
@all_links_option
@progress_option
@color_option
@graph_option
@click.pass_context
def order(ctx: click.Context, targets: tuple[str, ...], depth: int | None,
          kinds: tuple[str, ...], fmt: str | None, output: str | None, explain: bool | None,
          diagram: bool, pace: float | None, budget: int | None, unread: bool = False,
          all_links: bool = False, progress_file: str | None = None, brief: bool = False,
          force: bool = False) -> None:
    """What TARGETS need, in reading order: each paper after all it builds on.

    Follows core links: the ones a reader needs to follow the later paper. Papers cited
    only as context (a baseline, a benchmark, a base, student or judge model) are listed
    after the order under "Related, not needed to follow"; --all follows every link and
    puts them, and what they build on, in the order.

    Ties are broken by year, then month, then id, so the order is stable. Several targets
    give one merged order. Names can be ids, aliases, arXiv ids or titles; a name with
    spaces may be typed without quotes when it is the only one. Each paper shows its
    reading time (pages x --pace minutes; ~ marks a paper of unknown length, taken as 12
    pages). --budget keeps the most important papers that fit and lists what it left out;
    a budget smaller than the targets alone is an error (exit 1).

    On a terminal the text is one line per paper, wrapped to the window (--why for the
    reasons); piped or written with -o it is the full form at 100 columns, as scripts expect.

    Papers you have read (`lineage done`) are ticked; --unread leaves them out. Writing
    markdown over an existing checklist (-o) keeps the ticks and notes you made in it.

    \b
    Examples:
      lineage order deepseek-r1
      lineage order deepseek r1 --why                # reasons; quotes optional
      lineage order R1 --all                         # every link, context ones too
      lineage order R1 --depth 2
      lineage order R1 -o out/deepseek-r1.md         # a checklist (format from .md)
      lineage order gpt-4 llama --format json
      lineage order R1 --budget 10h --pace 5
      lineage order R1 --unread                      # only what is left to read
      lineage order R1 -o r1.bib                     # for Zotero, JabRef, Mendeley
      lineage order R1 --format markdown --diagram   # checklist + Mermaid diagram
    """
    from .. import term
    from ..analysis.plan import mark_plan, plan_reading
    from ..analysis.resolve import resolve_words
    from ..formats import render_order
    from .progress import load_progress_for

    fmt = format_for_output(fmt, output)
    if diagram and fmt != "markdown":
        raise click.UsageError("--diagram goes with --format markdown")
    # the words joined are looked up in the store of fetched papers too (unquoted names)
    graph = load(ctx, [*targets, " ".join(targets)] if len(targets) > 1 else targets)
    ids, note = resolve_words(graph, list(targets))
    if note:
        click.echo(note, err=True)
    read = load_progress_for(graph, progress_file).ids()
    plan = plan_reading(graph, ids, depth=depth, kinds=kinds or None, pace=pace, budget=budget,
                        read=read, unread_only=unread, follow="all" if all_links else "core")
    output = output_file(output)
    to_terminal = not output and term.is_terminal()
    if fmt == "text":
        from ..formats.text import render

        if brief or (explain is None and to_terminal):
            layout = "brief"
        else:
            layout = "needed" if explain is False else "full"
        hints = _order_hints(tuple(ids), plan, layout) if to_terminal or brief else ""
        text = render(plan, layout=layout, width=wrap_width(output),
                      footer=hints)
    else:
        text = render_order(plan, fmt, explain=explain is not False, diagram=diagram,
                            papers=(d["paper"] for _, d in graph.nodes(data=True)))
    if fmt == "markdown":
        from ..io.checklist import checklist_ticks, merge_into_file, read_existing
        from ..words import plural

        old = read_existing(output, force=force)
        if old is None and force and output and os.path.exists(output):
            click.echo(f"{output} was not a lineage checklist: replaced, the old file is "
                       f"{output}.bak", err=True)
        if old is not None:
            # The file wins for the items it contains: its ticks decide what is read, so the
            # header's counts and every tick agree with what the reader ticked by hand.
            ticks = checklist_ticks(old, text)
            file_read = {i for i, t in ticks.items() if t}
            file_unread = {i for i, t in ticks.items() if not t}
            kept_unticked = sorted(file_unread & set(read))
            only_in_file = sorted(file_read - set(read))
            plan = mark_plan(plan, (set(read) - file_unread) | file_read)
            text = render_order(plan, fmt, explain=explain is not False, diagram=diagram)
            for ids_, what in ((kept_unticked, "unticked in the file, kept unticked though your "
                                "progress file marks them read (`lineage undone` to agree)"),
                               (only_in_file, "ticked in the file only (`lineage import "
                                f"{output}` records them as read)")):
                if ids_:
                    click.echo(f"{plural(len(ids_), 'paper')} {what}: {', '.join(ids_)}",
                               err=True)
            text, message = merge_into_file(output, text,
                                            read_elsewhere=read if unread else (), old=old)
            if message:
                click.echo(message, err=True)
    write_output(text, output, what=f"{len(plan.entries)} papers")


def _order_hints(targets: tuple[str, ...], plan, layout: str) -> str:  # type: ignore[no-untyped-def]
    """The footer of a brief order: how to see the reasons, a shorter path, a budget, the page."""
    import shlex

    from .. import term

    name = " ".join(shlex.quote(t) for t in targets)
    hints = []
    if layout == "brief":
        hints.append((f"lineage order {name} --why", "why each paper, and what needs it"))
    if plan.depth is None:
        hints.append((f"lineage order {name} --depth 1", "only what it builds on directly"))
    if plan.extra.get("budget") is None:
        hints.append((f"lineage order {name} --budget 10h", "the most important 10 hours"))
    hints.append((f"lineage order {name} -o reading.md", "a checklist to tick off"))
    hints.append((f"lineage render {name}", "the graph in your browser"))
    width = term.width()
    pad = max(len(cmd) for cmd, _ in hints)
    lines = ["", "More:"]
    for cmd, what in hints:
        line = f"  {cmd:<{pad}}  {what}"
        if len(line) > width:
            line = f"  {cmd}"
        lines.append(term.style(line[:len(cmd) + 2], fg="cyan") + line[len(cmd) + 2:])
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("target")
@depth_option()
@kind_option()
@format_option(["text", "markdown", "json"])
@output_option()
@pace_option
@all_links_option
@graph_option
@click.pass_context
def prereqs(ctx: click.Context, target: str, depth: int | None, kinds: tuple[str, ...],
            fmt: str, output: str | None, pace: float | None, all_links: bool = False) -> None:
    """What TARGET needs, grouped by hops back from it, with reading times.

    "1 hop" holds what TARGET builds on directly, "2 hops" what those build on (and TARGET
    does not), and so on: a distance from TARGET, not an age. Follows core links (--all:
    every link). The total time is that of the prerequisites (not TARGET itself); ~ marks
    an assumed length.

    \b
    Examples:
      lineage prereqs deepseek-r1 --depth 3
      lineage prereqs R1 --all
    """
    from ..analysis.reports import prerequisite_report
    from ..analysis.resolve import resolve
    from ..formats.reports import render_prerequisites

    graph = load(ctx, [target])
    report = prerequisite_report(graph, resolve(graph, target), depth=depth, kinds=kinds or None,
                                 pace=pace, follow="all" if all_links else "core")
    write_output(render_prerequisites(report, fmt, width=wrap_width(output)), output)


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True,
              help="Show at most this many paths.")
@output_option()
@graph_option
@click.pass_context
def path(ctx: click.Context, source: str, target: str, limit: int, output: str | None) -> None:
    """How FROM leads to TO: the chains of "builds on" links, each hop explained.

    Every link is followed; a context link (true, not needed to follow the later paper) is
    marked (context).

    \b
    Example:
      lineage path transformer deepseek-r1
    """
    from ..analysis.reports import paths_between
    from ..analysis.resolve import resolve
    from ..formats.reports import render_paths

    graph = load(ctx, [source, target])
    found = paths_between(graph, resolve(graph, source), resolve(graph, target), limit=limit)
    if not found.paths:
        click.echo(f"{found.start} and {found.end} are not connected by any lineage path.")
        ctx.exit(1)
    write_output(render_paths(found, width=wrap_width(output)), output)


@cli.command()
@click.argument("name")
@format_option(["text", "json"])
@output_option()
@graph_option
@click.pass_context
def show(ctx: click.Context, name: str, fmt: str, output: str | None) -> None:
    """Everything about one paper: its fields, what it builds on, what builds on it.

    \b
    Example:
      lineage show "attention is all you need"
    """
    from ..analysis.reports import paper_links
    from ..analysis.resolve import resolve
    from ..formats.reports import render_paper

    graph = load(ctx, [name])
    write_output(render_paper(paper_links(graph, resolve(graph, name)), fmt, width=wrap_width(output)),
                 output)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@format_option(["text", "json"])
@output_option()
@graph_option
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Papers whose title, id, alias, author, topic or arXiv id contain every word.

    \b
    Examples:
      lineage search attention
      lineage search hinton
    """
    from ..analysis.search import search_papers
    from ..formats.reports import render_papers

    found = search_papers(load(ctx), " ".join(query))
    if not found:
        click.echo(f"no paper matches {' '.join(query)!r}", err=True)
        ctx.exit(1)
    write_output(render_papers(found, fmt, width=wrap_width(output)), output)


@cli.command("list")
@click.option("--topic", help="Only papers with this topic.")
@click.option("--year", "years", metavar="RANGE", help="A year or range: 2017, 2017-2020, 2020-, -2015.")
@format_option(["text", "json"])
@output_option()
@graph_option
@click.pass_context
def list_papers(ctx: click.Context, topic: str | None, years: str | None, fmt: str,
                output: str | None) -> None:
    """All papers, oldest first, optionally filtered by topic and year.

    \b
    Examples:
      lineage list --topic alignment
      lineage list --year 2017-2019
    """
    from ..analysis.search import filter_papers, parse_year_range
    from ..formats.reports import render_papers
    from ..model import TOPICS

    if topic and topic not in TOPICS:
        raise click.BadParameter(f"unknown topic; choose from {', '.join(TOPICS)}",
                                 param_hint="--topic")
    try:
        year_range = parse_year_range(years) if years else (None, None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--year") from None
    papers = filter_papers(load(ctx), topic=topic, years=year_range)
    write_output(render_papers(papers, fmt, width=wrap_width(output)), output)


@cli.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many of the most foundational papers to show.")
@format_option(["text", "json"])
@output_option()
@graph_option
@click.pass_context
def stats(ctx: click.Context, top: int, fmt: str, output: str | None) -> None:
    """Counts, the most foundational papers (most descendants) and the longest chain.

    \b
    Example:
      lineage stats --top 5
    """
    from ..analysis.reports import graph_stats
    from ..formats.reports import render_stats

    write_output(render_stats(graph_stats(load(ctx), top=top), fmt, width=wrap_width(output)),
                 output)


@cli.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@graph_option
@click.pass_context
def check(ctx: click.Context, strict: bool) -> None:
    """Validate the graph: schema, ids, edges, time order and cycles.

    Exits 0 when clean, 1 on errors (or on warnings with --strict).

    \b
    Examples:
      lineage check
      lineage --graph my-graph check --strict
    """
    from ..io.graph_files import check_graph
    from ..io.yaml_reader import find_graph_dir
    from ..words import plural

    obj = ctx.find_root().obj or {}
    folder = find_graph_dir(obj.get("graph_dir"))
    papers, edges, problems = check_graph(folder, progress=True)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors + warnings:
        click.echo(str(problem), err=True)
    verdict = "FAILED" if errors or (strict and warnings) else "ok"
    click.echo(f"{verdict}: {folder}: {len(papers)} papers, {len(edges)} edges, "
               f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}")
    if verdict != "ok":
        ctx.exit(1)
