"""A one-line progress bar on a terminal, fed by the ``Progress`` callback of app.io.progress.

``plansmith import`` and ``export`` show it on stderr only when stderr is a terminal: a
pipe or a log file gets nothing extra, so scripts that read stderr see only the import
report. The line is redrawn in place with ``\\r`` at most ten times a second (and on every
new stage), and cleared when the work ends, so the report printed after it starts on a
clean line.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1


class TerminalBar:
    """``Reading tasks  42% [############------------------]``, redrawn with ``\\r``."""

    def __init__(self, stream: TextIO, *, interval: float = REDRAW_SECONDS) -> None:
        self.stream = stream
        self.interval = interval
        self._stage = ""
        self._last = 0.0
        self._shown = 0  # characters on the line now, to blank them out

    def __call__(self, done: int, total: int, stage: str) -> None:
        """The ``Progress`` callback: draw when the stage changes or enough time passed."""
        now = time.monotonic()
        finished = total > 0 and done >= total
        if stage == self._stage and now - self._last < self.interval and not finished:
            return
        self._stage, self._last = stage, now
        self._draw(self.line(done, total, stage))

    @staticmethod
    def line(done: int, total: int, stage: str, width: int = BAR_WIDTH) -> str:
        """The text of the bar; without a known total, the stage and a count only."""
        if total <= 0:
            return f"{stage}..." + (f" {done:,}" if done else "")
        fraction = min(max(done / total, 0.0), 1.0)
        filled = round(fraction * width)
        return f"{stage} {fraction:4.0%} [{'#' * filled}{'-' * (width - filled)}]"

    def close(self) -> None:
        """Blank the line and return the cursor to its start (nothing left on screen)."""
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def _draw(self, text: str) -> None:
        columns = shutil.get_terminal_size((80, 24)).columns
        text = text[: max(columns - 1, 10)]
        padding = " " * max(self._shown - len(text), 0)
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._shown = len(text)


def terminal_bar(stream: TextIO) -> TerminalBar | None:
    """A bar on ``stream`` when it is a terminal, else None (print nothing extra)."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return None
    return TerminalBar(stream) if interactive else None
