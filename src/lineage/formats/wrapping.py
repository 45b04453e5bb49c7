"""``textwrap.wrap`` without its cost in the common cases, with exactly its output.

A reading order wraps two texts per paper, and ``textwrap`` does its whole work even for a
text that fits on one line: for long orders that made wrapping the slowest step.
"""

from __future__ import annotations

import textwrap

__all__ = ["wrap"]


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "", *,
         break_on_hyphens: bool = True) -> list[str]:
    """Same result as ``textwrap.wrap(text, width, initial_indent=..., subsequent_indent=...,
    break_on_hyphens=...)``.

    >>> wrap("a b c", 100, "  ")
    ['  a b c']
    >>> wrap("needed by: alpha-one, beta-two", 20, "  ", "    ", break_on_hyphens=False)
    ['  needed by:', '    alpha-one,', '    beta-two']
    """
    plain = text.isprintable() and text == text.strip(" ")
    if plain and len(initial_indent) + len(text) <= width:
        return [initial_indent + text] if text else []  # fits on one line as it is
    if plain and not break_on_hyphens and "  " not in text:
        lines = _greedy(text, width, initial_indent, subsequent_indent)
        if lines is not None:
            return lines
    return textwrap.wrap(text, width, initial_indent=initial_indent,
                         subsequent_indent=subsequent_indent, break_on_hyphens=break_on_hyphens)


def _greedy(text: str, width: int, first: str, rest: str) -> list[str] | None:
    """Fill lines with as many words as fit (single spaces between words), jumping from one
    line's last space to the next with ``rfind``; None when a word is too long for a line,
    which textwrap would break inside the word."""
    lines: list[str] = []
    indent, start, end = first, 0, len(text)
    while True:
        room = width - len(indent)
        if end - start <= room:
            lines.append(indent + text[start:])
            return lines
        cut = text.rfind(" ", start, start + room + 1)  # a space just past the room still fits
        if cut <= start:
            return None
        after = text.find(" ", cut + 1)
        if (after if after >= 0 else end) - cut - 1 > room:
            # the next word is longer than this line could ever hold: textwrap then cuts
            # that word, and keeps this line's trailing space; leave such texts to it
            return None
        lines.append(indent + text[start:cut])
        indent, start = rest, cut + 1
