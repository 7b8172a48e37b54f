"""Spreadsheet formula-injection guard shared by the CSV and xlsx exporters (RELIABILITY R17).

A task name such as ``=HYPERLINK("http://evil","click")`` typed by anyone who can edit a
plan becomes a live formula when finance opens an export in Excel or LibreOffice (OWASP
"CSV Injection", CWE-1236). Spreadsheets start a formula on ``=``, ``+``, ``-`` and ``@``,
and some also after a leading tab, carriage return or NUL. So every *text* value that
starts with one of those is neutralised; numbers are never touched, because a budget of
-500 must stay a number finance can add up.

CSV has no cell types, so text is neutralised by a leading apostrophe, the convention
OWASP recommends and spreadsheets hide. ``restore`` undoes exactly that on import, and
the escaping is reversible for every string (apostrophes already in front of a dangerous
character get one more), so an export re-imports to the very same text (R18). xlsx
cells carry a type, so the xlsx writer stores such text as a string cell instead and
keeps the characters unchanged.
"""

from __future__ import annotations

import re

#: Characters that make a spreadsheet treat the rest of a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r\0")
QUOTE = "'"
#: Characters XML 1.0 cannot hold (xlsx is XML) and no spreadsheet shows: C0 controls other
#: than tab, LF and CR, lone surrogates, and U+FFFE/U+FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _after_quotes(text: str) -> tuple[int, str]:
    """How many apostrophes lead ``text``, and the character after them ('' at the end)."""
    count = len(text) - len(text.lstrip(QUOTE))
    return count, text[count : count + 1]


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    return bool(text) and text[0] in FORMULA_STARTS


def neutralize(text: str) -> str:
    """``text`` made safe for a CSV cell: ``=1`` -> ``'=1``; ordinary text unchanged.

    Text that already starts with apostrophes before a formula character gets one more,
    so ``restore`` can tell an escape from an apostrophe the user typed.
    """
    _, following = _after_quotes(text)
    if following and following in FORMULA_STARTS:
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralize``: drop the one apostrophe it added, and nothing else."""
    count, following = _after_quotes(text)
    if count and following and following in FORMULA_STARTS:
        return text[1:]
    return text


def printable(text: str) -> str:
    """``text`` without the control characters a spreadsheet cell cannot hold.

    Both exporters drop them (openpyxl refuses them outright, and a NUL in a CSV breaks
    most readers), so CSV and xlsx exports of one plan carry the same text.
    """
    return _UNWRITABLE.sub("", text)


def csv_value(value: object) -> object:
    """A value ready for ``csv.writer``: strings cleaned and neutralised, numbers as they are."""
    if isinstance(value, str):
        return neutralize(printable(value))
    return value
