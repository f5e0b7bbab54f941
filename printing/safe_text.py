"""Decoded text made safe to show: no control, format or line-break character passes raw.

Everything in a certificate is chosen by whoever made the code. Sent raw to a terminal,
an ANSI escape can clear the screen or repaint "VALID"; a carriage return or newline can
forge a report line; a bidi override (U+202E) or isolate can make a name read backwards
in a terminal or a Qt label. Such characters are shown as Python-style escapes
(`\\x1b`, `\\u202e`), so the officer sees that they are there and what they are.
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Unicode categories never shown raw: controls (Cc, incl. ESC, CR, LF, TAB), format
#: characters (Cf: bidi overrides and isolates, zero-width joiners), line and paragraph
#: separators (Zl, Zp), surrogates (Cs), private use (Co) and unassigned code points (Cn).
_UNSAFE: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def escaped(value: object) -> str:
    """`value` as text with every unsafe character written as an escape."""
    text = value if isinstance(value, str) else _text(value)
    if text.isprintable() and text.isascii():
        return text  # the common case, and the fast one
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in text)


def _escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _text(value: object) -> str:
    try:
        return str(value)
    except ValueError:  # a huge integer (Python's int->str limit)
        return f"(a {type(value).__name__} too large to show)"
