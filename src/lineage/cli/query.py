"""Commands that answer questions about the graph: order, prereqs, path, show, search,
list, stats, check."""

from __future__ import annotations

import json
import textwrap

import click

from ..formats import FORMATS
from .app import cli, graph_option, load, write_output
from .options import budget_option, pace_option
from .progress import merge_existing_checklist, progress_option

PLAN_FORMATS = click.Choice(sorted(FORMATS))


def _depth_option(func):  # type: ignore[no-untyped-def]
    return click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
                        help="Only follow prerequisites up to N hops back.")(func)


def _kind_option(func):  # type: ignore[no-untyped-def]
    from ..model import EDGE_KINDS

    return click.option("--kind", "kinds", multiple=True, type=click.Choice(list(EDGE_KINDS)),
                        help="Follow only edges of this kind (repeatable).")(func)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@_depth_option
@_kind_option
@click.option("-f", "--format", "fmt", type=PLAN_FORMATS, default="text", show_default=True,
              help="Output format; markdown is a checklist to tick off.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@click.option("--why/--no-why", "explain", default=True,
              help="Say why each paper matters (text) / add it under each item (markdown).")
@click.option("--diagram", is_flag=True,
              help="markdown: add the Mermaid diagram of the path under the checklist.")
@pace_option
@budget_option
@click.option("--unread", is_flag=True,
              help="Leave out the papers you have read (see `lineage done`).")
@progress_option
@graph_option
@click.pass_context
def order(ctx: click.Context, targets: tuple[str, ...], depth: int | None,
          kinds: tuple[str, ...], fmt: str, output: str | None, explain: bool,
          diagram: bool, pace: float | None, budget: int | None, unread: bool = False,
          progress_file: str | None = None) -> None:
    """Everything TARGETS build on, in reading order: each paper after all it builds on.

    Ties are broken by year, then month, then id, so the order is stable. Several targets
    give one merged order. Names can be ids, aliases, arXiv ids or titles. Each paper shows
    its reading time (pages x --pace minutes; ~ marks a paper of unknown length, taken as 12
    pages). --budget keeps the most important papers that fit and lists what it left out;
    a budget smaller than the targets alone is an error (exit 1).

    Papers you have read (`lineage done`) are ticked; --unread leaves them out. Writing
    markdown over an existing checklist (-o) keeps the ticks and notes you made in it.

    \b
    Examples:
      lineage order deepseek-r1
      lineage order R1 --depth 2
      lineage order "deepseek r1" --format markdown -o out/deepseek-r1.md
      lineage order gpt-4 llama --format json
      lineage order R1 --budget 10h --pace 5
      lineage order R1 --unread                      # only what is left to read
      lineage order R1 --format bibtex -o r1.bib     # for Zotero, JabRef, Mendeley
      lineage order R1 --format markdown --diagram   # checklist + Mermaid diagram
    """
    from ..analysis.plan import build_plan
    from ..analysis.resolve import resolve_many
    from ..formats import render_plan

    if diagram and fmt != "markdown":
        raise click.UsageError("--diagram goes with --format markdown")
    graph = load(ctx)
    ids = resolve_many(graph, list(targets))
    if budget is not None:
        from ..analysis.budget import build_budget_plan

        plan = build_budget_plan(graph, ids, budget, depth=depth, kinds=kinds or None, pace=pace)
    else:
        plan = build_plan(graph, ids, depth=depth, kinds=kinds or None, pace=pace)
    from ..io.progress_file import mark_plan
    from .progress import load_progress_for

    read = load_progress_for(graph, progress_file).ids()
    plan = mark_plan(plan, read, unread_only=unread)
    options: dict[str, object] = {}
    if fmt == "text":
        options["explain"] = explain
    elif fmt == "markdown":
        options["with_why"] = explain
        options["diagram"] = diagram
    elif fmt in ("bibtex", "ris"):  # keys disambiguated graph-wide: stable across orders
        options["key_papers"] = [d["paper"] for _, d in graph.nodes(data=True)]
    text = render_plan(plan, fmt, **options)
    if fmt == "markdown":
        text = merge_existing_checklist(output, text, read_elsewhere=read if unread else ())
    write_output(text, output, what=f"{len(plan.entries)} papers")


@cli.command()
@click.argument("target")
@_depth_option
@_kind_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
@pace_option
@graph_option
@click.pass_context
def prereqs(ctx: click.Context, target: str, depth: int | None, kinds: tuple[str, ...],
            fmt: str, pace: float | None) -> None:
    """What TARGET builds on, grouped by generation, with reading times.

    Generation 1 builds on nothing in the set; each later generation builds only on
    earlier ones, so papers in one generation can be read in any order. The total time
    is that of the prerequisites (not TARGET itself); ~ marks an assumed length.

    \b
    Example:
      lineage prereqs deepseek-r1 --depth 3
    """
    from ..analysis.orders import generations
    from ..analysis.resolve import resolve
    from ..analysis.timing import DEFAULT_PAGES, format_minutes, reading_times, resolve_pace

    graph = load(ctx)
    node = resolve(graph, target)
    groups = generations(graph, node, depth=depth, kinds=kinds or None)
    nodes = graph.nodes
    pace = resolve_pace(pace)
    time_of = reading_times(pace=pace)
    times = {n: time_of(nodes[n]["paper"]) for g in groups for n in g}
    total = sum(t.minutes for t in times.values())
    estimated = any(t.estimated for t in times.values())
    if fmt == "json":
        data = {"target": node, "pace": pace, "total_minutes": total,
                "total_estimated": estimated, "generations": [
            [{"id": n, "title": nodes[n]["paper"].title, "year": nodes[n]["paper"].year,
              "minutes": times[n].minutes, "minutes_estimated": times[n].estimated}
             for n in group] for group in groups]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    count = sum(len(g) for g in groups)
    title = nodes[node]["paper"].title
    md = fmt == "markdown"
    lines = [f"{'# ' if md else ''}{title} builds on {count} paper{'s' if count != 1 else ''}"
             f" in {len(groups)} generation{'s' if len(groups) != 1 else ''}, "
             f"{format_minutes(total, estimated=estimated)} of reading"]
    note = f"Times at {pace:g} min/page"
    if estimated:
        note += f"; ~ = page count unknown, {DEFAULT_PAGES} pages assumed"
    lines.append(f"{'_' if md else ''}{note}.{'_' if md else ''}")
    bullet = "- " if md else "  "
    for number, group in enumerate(groups, start=1):
        lines.append(f"\n{'## ' if md else ''}Generation {number}")
        for n in group:
            paper = nodes[n]["paper"]
            time = format_minutes(times[n].minutes, estimated=times[n].estimated)
            lines.append(f"{bullet}{paper.title} ({paper.citation})  [{n}]  {time}")
    write_output("\n".join(lines) + "\n", None)  # one write: click.echo flushes every line


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True,
              help="Show at most this many paths.")
@graph_option
@click.pass_context
def path(ctx: click.Context, source: str, target: str, limit: int) -> None:
    """How FROM leads to TO: the chains of "builds on" links, each hop explained.

    \b
    Example:
      lineage path transformer deepseek-r1
    """
    from ..analysis.orders import lineage_paths
    from ..analysis.resolve import resolve

    graph = load(ctx)
    start, end = resolve(graph, source), resolve(graph, target)
    paths = lineage_paths(graph, start, end, limit=limit)
    reverse = False
    if not paths:
        paths = lineage_paths(graph, end, start, limit=limit)
        reverse = bool(paths)
    if not paths:
        click.echo(f"{start} and {end} are not connected by any lineage path.")
        ctx.exit(1)
    if reverse:
        click.echo(f"{start} does not lead to {end}, but {end} leads to {start}:")
    for number, chain in enumerate(paths, start=1):
        click.echo(f"Path {number} ({len(chain) - 1} hop{'s' if len(chain) != 2 else ''}):")
        for earlier, later in zip(chain, chain[1:], strict=False):
            why = graph.edges[earlier, later].get("why")
            click.echo(f"  {earlier} → {later}")
            if why:
                click.echo(f"      {why}")
        click.echo("")


@cli.command()
@click.argument("name")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@graph_option
@click.pass_context
def show(ctx: click.Context, name: str, fmt: str) -> None:
    """Everything about one paper: its fields, what it builds on, what builds on it.

    \b
    Example:
      lineage show "attention is all you need"
    """
    from ..analysis.orders import descendants
    from ..analysis.resolve import resolve
    from ..graph import edge

    graph = load(ctx)
    node = resolve(graph, name)
    paper = graph.nodes[node]["paper"]
    builds_on = [edge(graph, p, node) for p in graph.pred[node]]
    built_on_by = [edge(graph, node, c) for c in graph.succ[node]]
    key = lambda e, attr: graph.nodes[getattr(e, attr)]["paper"].sort_key  # noqa: E731
    builds_on.sort(key=lambda e: key(e, "builds_on"))
    built_on_by.sort(key=lambda e: key(e, "paper"))
    count = len(descendants(graph, node))
    if fmt == "json":
        data = paper.to_dict()
        data["link"] = paper.link
        data["builds_on"] = [{"id": e.builds_on, "why": e.why, "kind": e.kind} for e in builds_on]
        data["built_on_by"] = [{"id": e.paper, "why": e.why, "kind": e.kind} for e in built_on_by]
        data["descendants"] = count
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    wrap = lambda text, pad="  ": textwrap.fill(text, 100, initial_indent=pad,  # noqa: E731
                                                subsequent_indent=pad)
    click.echo(f"{paper.title}")
    click.echo(f"  id: {paper.id}" + (f"   aliases: {', '.join(paper.aliases)}" if paper.aliases else ""))
    click.echo(f"  {', '.join(paper.authors)} — {paper.year}" + (f"-{paper.month:02d}" if paper.month else ""))
    if paper.link:
        click.echo(f"  {paper.link}")
    if paper.topics:
        click.echo(f"  topics: {', '.join(paper.topics)}")
    if not paper.verified:
        click.echo("  UNVERIFIED: this record's facts could not be confirmed")
    if paper.summary:
        click.echo("\n" + wrap(paper.summary))
    if paper.why:
        click.echo("\n" + wrap("Why it matters: " + paper.why))
    click.echo(f"\nBuilds on ({len(builds_on)}):")
    def link(arrow: str, other: str, e) -> str:  # type: ignore[no-untyped-def]
        text = f"{arrow} {other}" + (f" ({e.kind})" if e.kind else "") + (f": {e.why}" if e.why else "")
        return textwrap.fill(text, 100, initial_indent="  ", subsequent_indent="      ",
                             break_on_hyphens=False)

    for e in builds_on:
        click.echo(link("←", e.builds_on, e))
    click.echo(f"\nBuilt on by ({len(built_on_by)}):")
    for e in built_on_by:
        click.echo(link("→", e.paper, e))
    click.echo(f"\n{count} paper{'s' if count != 1 else ''} in the graph descend from it.")


def _paper_rows(papers, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in papers], indent=2, ensure_ascii=False))
        return
    for p in papers:
        click.echo(f"{p.year}  {p.id:<32} {p.title}")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@graph_option
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], fmt: str) -> None:
    """Papers whose title, id, alias, author, topic or arXiv id contain every word.

    \b
    Examples:
      lineage search attention
      lineage search hinton
    """
    from ..analysis.search import search_papers

    graph = load(ctx)
    found = search_papers(graph, " ".join(query))
    if not found:
        click.echo(f"no paper matches {' '.join(query)!r}", err=True)
        ctx.exit(1)
    _paper_rows(found, fmt)


@cli.command("list")
@click.option("--topic", help="Only papers with this topic.")
@click.option("--year", "years", metavar="RANGE", help="A year or range: 2017, 2017-2020, 2020-, -2015.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@graph_option
@click.pass_context
def list_papers(ctx: click.Context, topic: str | None, years: str | None, fmt: str) -> None:
    """All papers, oldest first, optionally filtered by topic and year.

    \b
    Examples:
      lineage list --topic alignment
      lineage list --year 2017-2019
    """
    from ..analysis.search import filter_papers, parse_year_range
    from ..model import TOPICS

    if topic and topic not in TOPICS:
        raise click.BadParameter(f"unknown topic; choose from {', '.join(TOPICS)}",
                                 param_hint="--topic")
    try:
        year_range = parse_year_range(years) if years else (None, None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--year") from None
    graph = load(ctx)
    _paper_rows(filter_papers(graph, topic=topic, years=year_range), fmt)


@cli.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many of the most foundational papers to show.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@graph_option
@click.pass_context
def stats(ctx: click.Context, top: int, fmt: str) -> None:
    """Counts, the most foundational papers (most descendants) and the longest chain.

    \b
    Example:
      lineage stats --top 5
    """
    from collections import Counter

    from ..analysis.orders import influence, longest_chain

    graph = load(ctx)
    reach = influence(graph)
    ranked = sorted(reach.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    chain = longest_chain(graph)
    topics = Counter(t for _, d in graph.nodes(data=True) for t in d["paper"].topics)
    roots = sorted(n for n in graph if graph.in_degree(n) == 0)
    if fmt == "json":
        click.echo(json.dumps({
            "papers": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "roots": roots, "topics": dict(topics.most_common()),
            "most_foundational": [{"id": n, "descendants": c} for n, c in ranked],
            "longest_chain": chain}, indent=2))
        return
    click.echo(f"{graph.number_of_nodes()} papers, {graph.number_of_edges()} edges, "
               f"{len(roots)} roots ({', '.join(roots)})")
    click.echo("topics: " + ", ".join(f"{t} {c}" for t, c in topics.most_common()))
    click.echo("\nMost foundational (papers that descend from each):")
    for node, count in ranked:
        click.echo(f"  {count:>4}  {node}")
    click.echo(f"\nLongest chain ({len(chain)} papers):\n  " + " → ".join(chain))


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

    obj = ctx.find_root().obj or {}
    folder = find_graph_dir(obj.get("graph_dir"))
    papers, edges, problems = check_graph(folder, progress=True)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors + warnings:
        click.echo(str(problem), err=True)
    verdict = "FAILED" if errors or (strict and warnings) else "ok"
    click.echo(f"{verdict}: {folder}: {len(papers)} papers, {len(edges)} edges, "
               f"{len(errors)} error{'s' if len(errors) != 1 else ''}, "
               f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    if verdict != "ok":
        ctx.exit(1)
