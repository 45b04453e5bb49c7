"""The terminal a command prints to: how wide it is and whether it takes colour.

Text reports wrap to :func:`width` and style with :func:`style`, which is a no-op unless
colour was switched on for this process with :func:`configure` (the CLI does, from
``--color/--no-color``, ``NO_COLOR`` and whether stdout is a terminal). Files written with
``-o`` are never coloured and always wrapped at :data:`PIPED_WIDTH`.
"""

from __future__ import annotations

import os
import sys

__all__ = ["PIPED_WIDTH", "MIN_WIDTH", "is_terminal", "width", "wants_color", "configure",
           "style", "colored"]

#: Width of text that does not go to a terminal (a pipe, a file): stable for scripts.
PIPED_WIDTH = 100
#: Below this, wrapping makes things worse than letting the terminal fold long lines.
MIN_WIDTH = 40

_state = {"color": False, "width": None}


def is_terminal(stream=None) -> bool:  # type: ignore[no-untyped-def]
    stream = stream if stream is not None else sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def width(*, to_file: bool = False) -> int:
    """Columns to wrap at: ``$COLUMNS`` when set to a number, else the terminal's width when
    stdout is one, else :data:`PIPED_WIDTH`; never below :data:`MIN_WIDTH`."""
    if to_file:
        return PIPED_WIDTH
    if _state["width"] is not None:
        return int(_state["width"])  # type: ignore[arg-type]
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    if is_terminal():
        try:
            return max(MIN_WIDTH, os.get_terminal_size(sys.stdout.fileno()).columns)
        except (OSError, ValueError):
            pass
    return PIPED_WIDTH


def wants_color(flag: bool | None) -> bool:
    """``--color`` / ``--no-color`` when given; else none when ``NO_COLOR`` is set (any
    non-empty value, https://no-color.org), none for a dumb terminal, else only on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal()


def configure(*, color: bool, columns: int | None = None) -> None:
    """Set colour for this process (and optionally a fixed width, for tests)."""
    _state["color"] = color
    _state["width"] = columns


def colored() -> bool:
    return bool(_state["color"])


def style(text: str, **styles: object) -> str:
    """``click.style(text, **styles)`` when colour is on, else ``text`` unchanged."""
    if not _state["color"] or not text:
        return text
    import click

    return click.style(text, **styles)  # type: ignore[arg-type]
