"""Wording shared by every output."""

from __future__ import annotations

import re

__all__ = ["plural", "visible", "visible_lines"]

# C0 and C1 controls (tab and newline included: one echoed line must stay one line), DEL,
# and the bidirectional overrides that make text display in another order than it reads.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 paper``, ``2 papers``; ``many`` for another plural (``1 entry``, ``2 entries``)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def visible(text: str, keep: str = "") -> str:
    r"""``text`` from a user's file, safe to print: every control character is shown as
    ``\xNN`` / ``\uNNNN`` instead of being sent to the terminal, which would act on it
    (an OSC sequence can retitle the window or write the clipboard). Characters in ``keep``
    (e.g. the line breaks of a whole file) stay as they are.

    >>> visible("a\x1b]52;c;ZXZpbA==\x07b")
    'a\\x1b]52;c;ZXZpbA==\\x07b'
    """
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep
                        else m.group().encode("unicode_escape").decode("ascii"), text)


def visible_lines(text: str) -> str:
    """:func:`visible` line by line: newlines (and tabs) kept, every other control shown."""
    return "\n".join(visible(line.replace("\t", "    ")) for line in text.split("\n"))
