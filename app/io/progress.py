"""Progress and cancellation for long imports and exports, without any user interface.

Importers and exporters take ``progress: Progress | None`` and call it as they go with
``(done, total, stage)``: how many units of ``total`` are finished, and a short phrase
for the user ("Reading tasks"). ``total`` may be 0 when it is not known yet. The window
shows a progress dialog from these calls and the CLI a bar on a terminal; both stop the
work by raising :class:`Cancelled` from inside the callback.

Why this is safe: an import only parses into a new Portfolio and the store is written
by one command in one transaction, so a Cancelled raised before or during it leaves the
file as it was; an export writes through ``app.io.atomic``, which removes the temporary
file on any exception, so no partial file is left.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""``progress(done, total, stage)``; may raise :class:`Cancelled`."""


class Cancelled(Exception):
    """The user stopped an import or export; nothing was changed."""

    def __init__(self, message: str = "Cancelled; nothing was changed") -> None:
        super().__init__(message)


class Ticker:
    """Reports progress at most every ``interval`` seconds, so loops can call it per item.

    A loop over 50k tasks calling the user interface 50k times would cost more than the
    work; ``tick`` is a counter increment and a clock read every ``stride`` items.
    """

    def __init__(
        self,
        progress: Progress | None,
        total: int,
        stage: str,
        *,
        interval: float = 0.05,
        stride: int = 64,
    ) -> None:
        self._progress = progress
        self.total = total
        self.stage = stage
        self.done = 0
        self._interval = interval
        self._stride = stride
        self._next_check = stride
        self._last = 0.0
        if progress is not None:
            progress(0, total, stage)
            self._last = time.monotonic()

    def tick(self, count: int = 1) -> None:
        """Count ``count`` more units done; report when enough time has passed."""
        self.done += count
        if self._progress is None or self.done < self._next_check:
            return
        self._next_check = self.done + self._stride
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._progress(
                min(self.done, self.total) if self.total else self.done, self.total, self.stage
            )

    def finish(self) -> None:
        """Report the stage complete (always, so the last figure shown is right)."""
        if self._progress is not None:
            self._progress(self.total or self.done, self.total or self.done, self.stage)


def report(progress: Progress | None, done: int, total: int, stage: str) -> None:
    """Call ``progress`` when there is one (a single step, for code without a loop)."""
    if progress is not None:
        progress(done, total, stage)
