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


#: A piece of a line that is never split: its text as measured, the text to print (the same
#: text, maybe with colour codes around it), and the separator put before it when it follows
#: another unit on the same line.
Unit = tuple[str, str, str]


def fill_units(units: list[Unit], width: int, first: str = "", rest: str = "") -> list[str]:
    """Lay ``units`` out on lines of at most ``width`` columns (measured on their plain text),
    breaking only between units: an id, a time or a word is never split. A unit longer than
    a whole line gets a line of its own.

    >>> fill_units([("a", "a", ""), ("bb", "bb", " "), ("[id-1]", "[id-1]", "  ")], 8, "", "  ")
    ['a bb', '  [id-1]']
    """
    lines: list[str] = []
    current, plain_len = first, len(first)
    for i, (plain, styled, sep) in enumerate(units):
        if i == 0:
            sep = ""
        elif plain_len + len(sep) + len(plain) > width:  # start a new line with this unit
            lines.append(current)
            current, plain_len, sep = rest, len(rest), ""
        current += sep + styled
        plain_len += len(sep) + len(plain)
    if units:
        lines.append(current)
    return lines


def words(text: str, styled: object = None, sep: str = " ") -> list[Unit]:
    """``text`` as word units (``styled``: a function styling each word), the first one
    preceded by ``sep``."""
    return [(word, styled(word) if callable(styled) else word, sep if i == 0 else " ")
            for i, word in enumerate(text.split())]
