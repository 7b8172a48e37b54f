"""Work around PySide6 6.12.0 dropping a reference to ``None`` on every void Qt call.

Its abi3 wheels return ``None`` from void methods (``setText``, ``expand``, ``emit``...)
without the ``Py_INCREF`` that Python 3.11 still needs (``None`` became immortal only in
3.12, PEP 683). Each call takes one reference away for good; after some ten thousand
calls ``None``'s count reaches zero and the interpreter aborts ("none_dealloc") — in a
long session, or when a big plan is closed. PySide6 6.11.3 does not have the bug.

The fix is measured, not assumed from version numbers: if a hundred void calls lose
references, ``None`` is given a count that no session can exhaust, which is what Python
3.12 does for it by design. Nothing happens on a build without the bug.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

#: References added to None when the leak is found: 2**40 void calls, never reached.
_PADDING = 1 << 40


def void_calls_leak_none() -> bool:
    """True when a void PySide6 call takes a reference to None away."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 50


def keep_none_alive() -> bool:
    """Pad None's reference count if this PySide6 leaks it; True when it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not void_calls_leak_none():
        return False
    # ob_refcnt is the first field of every CPython 3.11 object.
    ctypes.c_ssize_t.from_address(id(None)).value += _PADDING
    return True
