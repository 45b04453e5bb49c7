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


def format_option(choices: Iterable[str], default: str | None = "text", help: str | None = None,
                  ) -> Decorator:
    return click.option("-f", "--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help=help)


def output_option(default: str | None = None) -> Decorator:
    if default is not None:
        return click.option("-o", "--output", metavar="FILE", default=default, show_default=True,
                            help="Write the page here (atomically).")
    return click.option("-o", "--output", metavar="FILE",
                        help="Write to FILE (atomically) instead of stdout.")


pace_option = click.option(
    "--pace", type=click.FloatRange(min=0, min_open=True, max=1000), default=None,
    metavar="MIN",  # $LINEAGE_PACE is read by lineage.analysis.timing, which names it in errors
    help="Minutes per page of main text for reading times "
         "(default: $LINEAGE_PACE, else 6).")


def _parse_budget(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    from ..analysis.timing import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


#: See ``lineage.analysis.budget``.
budget_option = click.option(
    "--budget", metavar="DURATION", callback=_parse_budget, default=None,
    help="Only the most important papers that fit in this much time (90m, 10h, 1.5h, "
         "2h30m), still in reading order; says what it left out and why.")

progress_option = click.option(
    "--progress", "progress_file", metavar="FILE", default=None,
    help="The progress file of papers read (default: $LINEAGE_PROGRESS, else "
         "progress.yaml in your data folder, e.g. ~/.local/share/lineage/).")


def _apply_color(_ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
    if value is not None:
        from .. import term

        term.configure(color=value)


#: ``--color/--no-color`` after the command name too (``lineage order R1 --no-color``).
color_option = click.option("--color/--no-color", "color", default=None, expose_value=False,
                            callback=_apply_color,
                            help="Colour the output (default: only on a terminal, unless "
                                 "NO_COLOR is set).")


#: ``--all`` means ``follow="all"``; without it, ``follow="core"``.
all_links_option = click.option(
    "--all", "all_links", is_flag=True, default=False,
    help="Follow every link, context ones too (baselines, benchmarks, base, student or "
         "judge models), not only the core links a reader needs.")
