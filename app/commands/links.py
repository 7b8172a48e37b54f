"""Commands on dependency links, and the ``4FS+2d, 7SS-1d`` predecessor notation."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.commands.base import EditError, updated, with_items, without
from app.model.duration import (
    Duration,
    DurationUnit,
    TimeSettings,
    format_duration,
    parse_duration,
)
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.schedule.result import Schedule

_PREDECESSOR = re.compile(r"^\s*(\d+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(.+))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A predecessor as typed: the predecessor's row ID, the kind and the lag."""

    row: int
    kind: LinkKind = LinkKind.FS
    lag_minutes: int = 0
    lag_unit: DurationUnit = DurationUnit.DAYS
    lag_percent: int = 0


def parse_predecessors(text: str, settings: TimeSettings) -> list[LinkSpec]:
    """Read ``4FS+2d, 7SS-1d, 9`` into link specs.

    Raises:
        EditError: naming the part that could not be read.
    """
    specs: list[LinkSpec] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text or ""))):
        match = _PREDECESSOR.match(part)
        if not match:
            raise EditError(f"cannot read predecessor {part!r}; write e.g. 4FS+2d or 7SS-1d")
        row, kind, sign, lag = match.groups()
        spec = LinkSpec(int(row), LinkKind((kind or "FS").upper()))
        if lag:
            try:
                duration = parse_duration(lag, settings, allow_percent=True)
            except ValueError as exc:
                raise EditError(f"predecessor {part!r}: {exc}") from exc
            amount = -duration.minutes if sign == "-" else duration.minutes
            if duration.unit is DurationUnit.PERCENT:
                spec = replace(spec, lag_unit=duration.unit, lag_percent=amount)
            else:
                spec = replace(spec, lag_minutes=amount, lag_unit=duration.unit)
        specs.append(spec)
    return specs


def format_link(portfolio: Portfolio, link: Link, settings: TimeSettings) -> str:
    """One predecessor the way the table shows it: ``4FS+2d``; plain ``4`` for FS, no lag."""
    text = str(portfolio.row_number(link.predecessor_id))
    pred = portfolio.tasks[link.predecessor_id]
    succ = portfolio.tasks[link.successor_id]
    if pred.project_id != succ.project_id:
        text = f"{portfolio.projects[pred.project_id].name}\\{text}"
    amount = link.lag_percent if link.percent_lag else link.lag_minutes
    if link.kind is LinkKind.FS and amount == 0:
        return text
    text += link.kind.value
    if amount:
        shown = format_duration(Duration(abs(amount), link.lag_unit), settings)
        text += ("-" if amount < 0 else "+") + shown
    return text


def format_predecessors(portfolio: Portfolio, task_id: int) -> str:
    """All predecessors of a task, in row order, as the table's text."""
    task = portfolio.tasks[task_id]
    settings = portfolio.projects[task.project_id].time
    links = sorted(
        portfolio.predecessors(task_id), key=lambda link: portfolio.row_number(link.predecessor_id)
    )
    return ", ".join(format_link(portfolio, link, settings) for link in links)


def _check_link(portfolio: Portfolio, link: Link) -> None:
    tasks = portfolio.tasks
    if link.predecessor_id not in tasks or link.successor_id not in tasks:
        raise EditError("a link must join two existing tasks")
    if link.predecessor_id == link.successor_id:
        raise EditError(f"{tasks[link.successor_id].name} cannot depend on itself")
    pred, succ = tasks[link.predecessor_id], tasks[link.successor_id]
    if pred.id in _ancestors(portfolio, succ.id) or succ.id in _ancestors(portfolio, pred.id):
        raise EditError(
            f"{pred.name} and {succ.name} are a summary and its own subtask; they cannot be linked"
        )


def _ancestors(portfolio: Portfolio, task_id: int) -> set[int]:
    result: set[int] = set()
    parent = portfolio.tasks[task_id].parent_id
    while parent is not None:
        result.add(parent)
        parent = portfolio.tasks[parent].parent_id
    return result


@dataclass(frozen=True)
class LinkTasks:
    """Make ``successor`` depend on ``predecessor`` (replacing a link between them)."""

    predecessor_id: int
    successor_id: int
    kind: LinkKind = LinkKind.FS
    lag_minutes: int = 0
    lag_unit: DurationUnit = DurationUnit.DAYS
    lag_percent: int = 0
    label: str = "Link tasks"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Add (or update) the link; cycles are refused when the plan is rescheduled."""
        existing = next(
            (
                lk
                for lk in portfolio.successors(self.predecessor_id)
                if lk.successor_id == self.successor_id
            ),
            None,
        )
        link = Link(
            id=existing.id if existing else portfolio.next_id("links"),
            predecessor_id=self.predecessor_id,
            successor_id=self.successor_id,
            kind=self.kind,
            lag_minutes=self.lag_minutes,
            lag_unit=self.lag_unit,
            lag_percent=self.lag_percent,
        )
        reverse = [
            lk
            for lk in portfolio.successors(self.successor_id)
            if lk.successor_id == self.predecessor_id
        ]
        if reverse:
            raise EditError(
                f"{portfolio.tasks[self.successor_id].name} already comes before "
                f"{portfolio.tasks[self.predecessor_id].name}; linking back would make a loop"
            )
        _check_link(portfolio, link)
        return updated(portfolio, links=with_items(portfolio.links, {link.id: link}))


@dataclass(frozen=True)
class EditLink:
    """Change a link's type and lag."""

    link_id: int
    kind: LinkKind
    lag_minutes: int = 0
    lag_unit: DurationUnit = DurationUnit.DAYS
    lag_percent: int = 0
    label: str = "Edit link"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the link's kind and lag."""
        if self.link_id not in portfolio.links:
            raise EditError("that link no longer exists")
        link = replace(
            portfolio.links[self.link_id],
            kind=self.kind,
            lag_minutes=self.lag_minutes,
            lag_unit=self.lag_unit,
            lag_percent=self.lag_percent,
        )
        return updated(portfolio, links=with_items(portfolio.links, {link.id: link}))


@dataclass(frozen=True)
class UnlinkTasks:
    """Delete links."""

    link_ids: tuple[int, ...]
    label: str = "Delete link"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Drop the links."""
        return updated(portfolio, links=without(portfolio.links, set(self.link_ids)))


@dataclass(frozen=True)
class SetPredecessors:
    """Replace a task's predecessors with what was typed in the Predecessors column."""

    task_id: int
    text: str
    label: str = "Set predecessors"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Parse the text, resolve row IDs in the task's project, and rebuild its links."""
        task = portfolio.tasks[self.task_id]
        specs = parse_predecessors(self.text, portfolio.projects[task.project_id].time)
        keep = without(portfolio.links, {lk.id for lk in portfolio.predecessors(self.task_id)})
        result = updated(portfolio, links=keep)
        for spec in specs:
            pred = portfolio.task_at_row(task.project_id, spec.row)
            if pred is None:
                raise EditError(f"there is no task with ID {spec.row} in this project")
            if any(lk.predecessor_id == pred.id for lk in result.predecessors(self.task_id)):
                raise EditError(f"task {spec.row} is named twice")
            result = LinkTasks(
                pred.id,
                self.task_id,
                spec.kind,
                spec.lag_minutes,
                spec.lag_unit,
                spec.lag_percent,
            ).apply(result, schedule)
        return result
