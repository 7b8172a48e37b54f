"""The task table's columns: their order, headers and which ones the user may type into.

Pure (no Qt), so the docs check and the CLI can list the columns without a display.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum


class Column(IntEnum):
    """Columns of the task table, in MS Project's order for its Entry and Schedule tables."""

    ID = 0
    WBS = 1
    NAME = 2
    DURATION = 3
    START = 4
    FINISH = 5
    PREDECESSORS = 6
    RESOURCES = 7
    PERCENT_COMPLETE = 8
    TOTAL_SLACK = 9
    FREE_SLACK = 10
    CRITICAL = 11
    LEVELING_DELAY = 12

    @property
    def header(self) -> str:
        """The column's title as MS Project writes it."""
        return _HEADERS[self]

    @property
    def editable(self) -> bool:
        """True when typing in the cell makes an edit (computed columns are read-only)."""
        return self in _EDITABLE

    @property
    def numeric(self) -> bool:
        """True for columns aligned right, as numbers are."""
        return self in _NUMERIC


_HEADERS = {
    Column.ID: "ID",
    Column.WBS: "WBS",
    Column.NAME: "Task Name",
    Column.DURATION: "Duration",
    Column.START: "Start",
    Column.FINISH: "Finish",
    Column.PREDECESSORS: "Predecessors",
    Column.RESOURCES: "Resource Names",
    Column.PERCENT_COMPLETE: "% Complete",
    Column.TOTAL_SLACK: "Total Slack",
    Column.FREE_SLACK: "Free Slack",
    Column.CRITICAL: "Critical",
    Column.LEVELING_DELAY: "Leveling Delay",
}

_EDITABLE = frozenset(
    {
        Column.WBS,
        Column.NAME,
        Column.DURATION,
        Column.START,
        Column.FINISH,
        Column.PREDECESSORS,
        Column.RESOURCES,
        Column.PERCENT_COMPLETE,
    }
)

#: Columns a summary task computes from its subtasks, so they cannot be typed there.
ROLLED_UP = frozenset({Column.DURATION, Column.START, Column.FINISH, Column.PERCENT_COMPLETE})

_NUMERIC = frozenset(
    {
        Column.ID,
        Column.DURATION,
        Column.PERCENT_COMPLETE,
        Column.TOTAL_SLACK,
        Column.FREE_SLACK,
        Column.LEVELING_DELAY,
    }
)


def format_moment(moment: datetime | None, usual_minute: int) -> str:
    """``Mon 2026-03-02``, with the time only when it is not the usual one for the column.

    Start dates usually fall at the project's default start time and finish dates at its
    default finish time; showing 08:00 on every row would only add noise.
    """
    if moment is None:
        return ""
    text = moment.strftime("%a %Y-%m-%d")
    if moment.hour * 60 + moment.minute != usual_minute:
        text += moment.strftime(" %H:%M")
    return text
