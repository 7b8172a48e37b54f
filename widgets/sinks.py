"""The callables widgets are given instead of the undo stack or the status bar."""

from __future__ import annotations

from collections.abc import Callable

from app.commands import Command

#: Where item models, views and dialogs send an edit: the window's ``perform``, injected
#: so that tests can pass a list's ``append`` instead.
EditSink = Callable[[Command], bool]
#: Where a widget sends a line for the user (the status bar or the problem box).
MessageSink = Callable[[str], None]
