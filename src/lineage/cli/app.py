"""The ``lineage`` command line: parses options, calls the library, formats errors.

Commands live in the other modules of :mod:`lineage.cli`, by theme, and the options they share
in :mod:`lineage.cli.options`; this module holds the group, ``--graph``, loading the graph,
writing output and the error handling.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from .. import __version__
from ..errors import DataError, LineageError, UnknownNameError, ValidationFailed

__all__ = ["cli", "graph_option", "load", "wrap_width", "write_output"]


def _worth_fetching(exc: UnknownNameError) -> bool:
    """Whether to point at `lineage fetch` for a name the graph lacks: for an identifier
    Semantic Scholar understands, or a name close to nothing here (a typo of a curated
    paper is better answered by the suggestions alone)."""
    from ..s2 import s2_id_for

    return not exc.ambiguous and (not exc.suggestions or s2_id_for(exc.name) is not None)


class LineageGroup(click.Group):
    """A click group that turns lineage's errors into one clear message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DataError, ValidationFailed) as exc:
            click.echo(str(exc), err=True)  # already "file:line:col: error: ..."
        except LineageError as exc:
            click.echo(f"error: {exc}", err=True)
            if isinstance(exc, UnknownNameError) and _worth_fetching(exc):
                click.echo(f"not in the curated graph? `lineage fetch {shlex.quote(exc.name)}` "
                           "gets its lineage from Semantic Scholar's citation data", err=True)
        except BrokenPipeError:
            # `lineage order R1 | head`: the reader has all it wanted; say nothing, and keep
            # Python from complaining again when it flushes stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError as exc:  # an unwritable -o path, a full disk ...
            click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        except Exception as exc:
            import networkx as nx

            if not isinstance(exc, nx.NetworkXException):
                raise
            click.echo(f"error: {exc}", err=True)
        sys.exit(1)  # only after one of the errors above


@click.group(cls=LineageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lineage")
@click.option("--graph", "graph_dir", metavar="DIR", envvar="LINEAGE_GRAPH",
              help="Folder holding papers.yaml and edges.yaml (default: $LINEAGE_GRAPH, "
                   "./graph, else the curated graph shipped with lineage).")
@click.option("--store", "store", metavar="FILE", envvar="LINEAGE_STORE",
              help="The SQLite store of fetched citation data (default: $LINEAGE_STORE, else "
                   "fetched.sqlite3 in your data folder); see `lineage fetch`.")
@click.option("--with-fetched", is_flag=True,
              help="Join every fetched lineage in the store to the curated graph (marked as "
                   "derived); without it, only names the curated graph lacks are looked up there.")
@click.option("--color/--no-color", "color", default=None,
              help="Colour the output (default: only on a terminal, and not when NO_COLOR is set).")
@click.pass_context
def cli(ctx: click.Context, graph_dir: str | None, store: str | None, with_fetched: bool,
        color: bool | None = None) -> None:
    """Citation lineage of the papers that shaped modern AI.

    \b
    Start here:
      lineage order deepseek-r1              # what to read before R1, in order
      lineage order R1 -f markdown -o out/deepseek-r1.md
      lineage show transformer               # one paper, what it builds on, what builds on it
    """
    from .. import term

    term.configure(color=term.wants_color(color))
    ctx.ensure_object(dict)
    ctx.obj.setdefault("graph_dir", graph_dir)
    ctx.obj["store"] = store
    ctx.obj["with_fetched"] = with_fetched


def graph_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Let ``--graph DIR`` also follow the command name (``lineage order x --graph g``)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.ensure_object(dict)
            ctx.obj["graph_dir"] = value

    return click.option("--graph", "graph_dir_local", metavar="DIR", expose_value=False,
                        callback=remember, help="Folder holding papers.yaml and edges.yaml.")(func)


def load(ctx: click.Context, names: Iterable[str] = ()):  # type: ignore[no-untyped-def]
    """Load the graph chosen by --graph / $LINEAGE_GRAPH / ./graph / the shipped copy; when
    one of ``names`` is not in it but in the store of fetched data (or with --with-fetched),
    the curated graph joined with the fetched lineage (see ``lineage fetch``)."""
    from ..io.graph_files import load_graph

    obj = ctx.find_root().obj or {}
    graph = load_graph(obj.get("graph_dir"), progress=True)  # a bar only if slow
    import gc

    gc.freeze()  # the graph lives until exit: later collections need not walk its many objects
    if names or obj.get("with_fetched"):
        from .fetched import join_fetched

        graph = join_fetched(ctx, graph, names)
    return graph


_EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "csv": "csv", "bibtex": "bib",
               "ris": "ris", "mermaid": "mmd", "dot": "dot"}

#: What ``-o FILE`` means when ``-f`` is not given, by the file's extension.
FORMAT_BY_EXTENSION = {f".{ext}": fmt for fmt, ext in _EXTENSIONS.items()} | {
    ".markdown": "markdown", ".mermaid": "mermaid", ".gv": "dot"}


def format_for_output(fmt: str | None, output: str | None) -> str:
    """``fmt`` when given; else the format ``output``'s extension names (said on stderr);
    else text."""
    if fmt is not None:
        return fmt
    ext = os.path.splitext(output or "")[1].lower()  # none for stdout ("-")
    if ext not in FORMAT_BY_EXTENSION:
        return "text"
    click.echo(f"writing {FORMAT_BY_EXTENSION[ext]} (from the {ext} extension; -f to choose)", err=True)
    return FORMAT_BY_EXTENSION[ext]


def output_file(output: str | None, extension: str | None = None) -> str | None:
    """``-o``'s file: as given, except that a trailing slash or an existing folder means
    "into this folder", under a name made of the command's first target (else the command's
    name) and the format's extension, e.g. ``out/deepseek-r1.md``."""
    if not output or output == "-":
        return output
    if not (output.endswith(("/", os.sep)) or os.path.isdir(output)):
        return output
    ctx = click.get_current_context()
    stem = ctx.command.name or "lineage"
    for key in ("targets", "name", "file", "checklist"):
        value = ctx.params.get(key)
        first = value[0] if isinstance(value, (tuple, list)) and value else value
        if isinstance(first, str) and first:
            stem = os.path.splitext(os.path.basename(first.rstrip("/")))[0] or stem
            break
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "lineage"
    if extension is None:
        extension = _EXTENSIONS.get(str(ctx.params.get("fmt", "text")), "txt")
    return os.path.join(output, f"{stem}.{extension}")


def wrap_width(output: str | None) -> int:
    """Columns to wrap at: the terminal's, or 100 for a pipe or a file."""
    from .. import term

    return term.width(to_file=bool(output and output != "-"))


def write_output(text: str, output: str | None, *, what: str = "") -> None:
    """Print ``text``, or write it atomically to ``output`` (see :func:`output_file`) and
    say so on stderr."""
    from .. import term

    if not output or output == "-":
        click.echo(text, nl=False, color=term.colored())
        return
    from ..io.files import atomic_write

    if term.colored():
        text = click.unstyle(text)  # a file is never coloured

    path = atomic_write(output_file(output), text)
    click.echo(f"wrote {path}{' (' + what + ')' if what else ''}", err=True)
