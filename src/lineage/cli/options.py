"""Shared options for reading times: ``--pace`` (any command that shows times) and
``--budget`` (``order``). Kept apart so every command module can reuse them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

__all__ = ["pace_option", "budget_option"]


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
