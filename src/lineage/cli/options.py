"""Options shared by several commands, each defined once: ``--depth``, ``--kind``,
``-f/--format``, ``-o/--output``, ``--pace``, ``--budget``, ``--progress`` and ``--all``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click

__all__ = ["color_option", "depth_option", "kind_option", "format_option", "output_option",
           "pace_option", "budget_option", "progress_option", "all_links_option"]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def depth_option(help: str = "Only follow prerequisites up to N hops back.") -> Decorator:
    return click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N", help=help)


def kind_option(help: str = "Follow only edges of this kind (repeatable).") -> Decorator:
    from ..model import EDGE_KINDS

    return click.option("--kind", "kinds", multiple=True, type=click.Choice(list(EDGE_KINDS)),
                        help=help)


def format_option(choices: Iterable[str], default: str = "text", help: str | None = None,
                  ) -> Decorator:
    return click.option("-f", "--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help=help)


def output_option(default: str | None = None) -> Decorator:
    if default is not None:
        return click.option("-o", "--output", metavar="FILE", default=default, show_default=True,
                            help="Write the page here (atomically).")
    return click.option("-o", "--output", metavar="FILE",
                        help="Write to FILE (atomically) instead of stdout.")


def pace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--pace MIN``: minutes per page of main text (default ``$LINEAGE_PACE``, else 6)."""
    return click.option(
        "--pace", type=click.FloatRange(min=0, min_open=True, max=1000), default=None,
        metavar="MIN",  # $LINEAGE_PACE is read by lineage.analysis.timing, which names it in errors
        help="Minutes per page of main text for reading times "
             "(default: $LINEAGE_PACE, else 6).")(func)


def _parse_budget(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    from ..analysis.timing import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def budget_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--budget DURATION``: only the most important papers that fit (``lineage.analysis.budget``)."""
    return click.option(
        "--budget", metavar="DURATION", callback=_parse_budget, default=None,
        help="Only the most important papers that fit in this much time (90m, 10h, 1.5h, "
             "2h30m), still in reading order; says what it left out and why.")(func)


def progress_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--progress FILE``: where the papers read are kept."""
    return click.option(
        "--progress", "progress_file", metavar="FILE", default=None,
        help="The progress file of papers read (default: $LINEAGE_PROGRESS, else "
             "progress.yaml in your data folder, e.g. ~/.local/share/lineage/).")(func)


def color_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--color/--no-color`` after the command name too (``lineage order R1 --no-color``)."""

    def apply(_ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
        if value is not None:
            from .. import term

            term.configure(color=value)

    return click.option("--color/--no-color", "color", default=None, expose_value=False,
                        callback=apply,
                        help="Colour the output (default: only on a terminal, unless NO_COLOR "
                             "is set).")(func)


def all_links_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--all``: follow every link, context ones too (``follow="all"``); default: core only."""
    return click.option(
        "--all", "all_links", is_flag=True, default=False,
        help="Follow every link, context ones too (baselines, benchmarks, base, student or "
             "judge models), not only the core links a reader needs.")(func)
