"""The only place that turns domain dataclasses into table rows and back.

Dates are ISO 8601 text, money is exact decimal text, enums their values, and nested
tuples (calendar weeks, exceptions, splits) JSON. Converters are built once per class
from its type hints, so loading 50k tasks stays a tight loop.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any

from app.model import calendar as cal
from app.model.baseline import Baseline
from app.model.budget import BudgetLine, CostAccount, LedgerEntry, Supplier
from app.model.frozen import bulk_builder
from app.model.link import Link
from app.model.project import Project
from app.model.resource import Assignment, Resource
from app.model.task import Task

Row = dict[str, Any]
Convert = Callable[[Any], Any]

#: Table name -> the dataclass stored in it, in an order safe for inserting.
TABLES: dict[str, type] = {
    "calendars": cal.Calendar,
    "projects": Project,
    "suppliers": Supplier,
    "resources": Resource,
    "tasks": Task,
    "links": Link,
    "assignments": Assignment,
    "baselines": Baseline,
    "accounts": CostAccount,
    "budget_lines": BudgetLine,
    "ledger": LedgerEntry,
}


# --- JSON for nested calendar data ---------------------------------------------------


def _week_to_json(week: cal.Week) -> str:
    return json.dumps([None if day is None else [list(i) for i in day] for day in week])


def _week_from_list(days: list[Any]) -> cal.Week:
    return tuple(None if day is None else tuple((s, e) for s, e in day) for day in days)


def _exceptions_to_json(items: tuple[cal.CalendarException, ...]) -> str:
    return json.dumps(
        [
            [e.start.isoformat(), e.finish.isoformat(), [list(i) for i in e.hours], e.name]
            for e in items
        ]
    )


def _exceptions_from_json(text: str) -> tuple[cal.CalendarException, ...]:
    return tuple(
        cal.CalendarException(
            date.fromisoformat(s), date.fromisoformat(f), tuple((a, b) for a, b in h), n
        )
        for s, f, h, n in json.loads(text)
    )


def _work_weeks_to_json(items: tuple[cal.WorkWeek, ...]) -> str:
    return json.dumps(
        [
            [w.start.isoformat(), w.finish.isoformat(), json.loads(_week_to_json(w.week)), w.name]
            for w in items
        ]
    )


def _work_weeks_from_json(text: str) -> tuple[cal.WorkWeek, ...]:
    return tuple(
        cal.WorkWeek(date.fromisoformat(s), date.fromisoformat(f), _week_from_list(wk), n)
        for s, f, wk, n in json.loads(text)
    )


def _splits_to_json(splits: tuple[tuple[datetime, datetime], ...]) -> str:
    if not splits:  # nearly every task: skip the JSON encoder
        return "[]"
    return json.dumps([[a.isoformat(), b.isoformat()] for a, b in splits])


def _splits_from_json(text: str) -> tuple[tuple[datetime, datetime], ...]:
    if text == "[]":  # nearly every task: skip the JSON parser
        return ()
    return tuple(
        (datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in json.loads(text)
    )


_SPECIAL: dict[tuple[type, str], tuple[Convert, Convert]] = {
    (cal.Calendar, "week"): (_week_to_json, lambda t: _week_from_list(json.loads(t))),
    (cal.Calendar, "exceptions"): (_exceptions_to_json, _exceptions_from_json),
    (cal.Calendar, "work_weeks"): (_work_weeks_to_json, _work_weeks_from_json),
    (Task, "splits"): (_splits_to_json, _splits_from_json),
}


# --- scalar converters ----------------------------------------------------------------


def _identity(value: Any) -> Any:
    return value


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def _is_optional(kind: Any) -> bool:
    return isinstance(kind, UnionType) or typing.get_origin(kind) is typing.Union


def _inner(kind: Any) -> Any:
    """``X | None`` -> ``X``."""
    return next(a for a in typing.get_args(kind) if a is not type(None))


def _converters_for(kind: Any) -> tuple[Convert, Convert]:
    """(to_row, from_row) for one annotated field type."""
    if _is_optional(kind):
        to_row, from_row = _converters_for(_inner(kind))
        return _optional(to_row), _optional(from_row)
    if kind is datetime:
        return (lambda v: v.isoformat(timespec="seconds")), datetime.fromisoformat
    if kind is date:
        return (lambda v: v.isoformat()), date.fromisoformat
    if kind is Decimal:
        return str, Decimal
    if kind is bool:
        return int, bool
    if isinstance(kind, type) and issubclass(kind, Enum):
        # A dict lookup is several times faster than calling the Enum on every row.
        return (lambda v: v.value), {m.value: m for m in kind}.__getitem__
    return _identity, _identity


class Memo(dict[Any, Any]):
    """A converter that converts each distinct value once, as ``memo[value]``.

    Rows repeat values (tasks share dates, enums and amounts; optional columns are
    mostly NULL), and a dict hit costs a fraction of parsing a date or a Decimal. The
    results are immutable, so rows may share them. Errors are the converter's own.
    """

    __slots__ = ("_convert",)

    def __init__(self, convert: Convert, known: dict[Any, Any] | None = None) -> None:
        super().__init__(known or {})
        self._convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self._convert(value)
        return converted


class Mapper:
    """Row conversion for one dataclass, with converters prepared once."""

    def __init__(self, cls: type, key: tuple[str, ...] = ("id",)) -> None:
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.names: list[str] = []
        #: (column index, converter) for the columns that need converting when read.
        self._from_row: list[tuple[int, Convert]] = []
        for index, f in enumerate(dataclasses.fields(cls)):
            _, from_row = _SPECIAL.get((cls, f.name)) or _converters_for(hints[f.name])
            self.names.append(f.name)
            from_row = _strip_optional(from_row, hints[f.name])
            if from_row is not _identity:  # ids and texts are stored as they are
                self._from_row.append((index, from_row))
        #: Column indexes of the key the Portfolio files an object under.
        self._key = [self.names.index(name) for name in key]
        self._build = _builder(cls)
        #: The dataclass as column values in ``self.names`` order (for bulk writes).
        self.to_values: Callable[[Any], tuple[Any, ...]] = _compile_to_values(cls, hints)

    def from_rows(self, rows: list[tuple[Any, ...]]) -> dict[Any, Any]:
        """Rows of values, in ``self.names`` order, as dataclasses by their key.

        Column by column, so that the per-value work runs inside ``map`` (C), not in a
        Python loop per row and field.
        """
        if not rows:
            return {}
        columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
        memos: dict[Convert, Memo] = {}  # columns of one kind (dates) share their memo
        for index, convert in self._from_row:
            memo = memos.setdefault(convert, Memo(convert, {None: None}))  # NULL stays None
            columns[index] = list(map(memo.__getitem__, columns[index]))
        objects = map(self._build, *columns)
        return dict(zip(self._keys(columns), objects, strict=True))

    def _keys(self, columns: list[Sequence[Any]]) -> Iterable[Any]:
        """Each row's key: one column's values, or tuples of several (a baseline's)."""
        if len(self._key) == 1:
            return columns[self._key[0]]
        return zip(*(columns[index] for index in self._key), strict=True)

    def select(self, table: str) -> str:
        """The SELECT that returns a table's columns in ``self.names`` order."""
        return f"SELECT {', '.join(f'[{n}]' for n in self.names)} FROM [{table}]"


def _builder(cls: type) -> Callable[..., Any]:
    """The fastest faithful way to make ``cls`` from a row's values (see bulk_builder)."""
    try:
        return bulk_builder(cls)
    except TypeError:  # a class whose constructor does more than store its fields
        return cls


def _compile_to_values(cls: type, hints: dict[str, Any]) -> Callable[[Any], tuple[Any, ...]]:
    """One generated function per class: ``(obj.id, obj.name, c2(obj.start), ...)``.

    Plain columns (ids, texts, numbers) are read with no call at all, and Optional ones
    test for None inline, so a 10k-task insert costs one call per object, not one per
    column (the generic loop spent more time converting than SQLite spent writing).
    """
    scope: dict[str, Any] = {}
    parts: list[str] = []
    for index, f in enumerate(dataclasses.fields(cls)):
        special = _SPECIAL.get((cls, f.name))
        kind = hints[f.name]
        value = f"obj.{f.name}"
        if special is not None:
            scope[f"c{index}"] = special[0]
            parts.append(f"c{index}({value})")
            continue
        optional = _is_optional(kind)
        inner = _inner(kind) if optional else kind
        convert = _converters_for(inner)[0]
        if convert is _identity:
            parts.append(value)
            continue
        if isinstance(inner, type) and issubclass(inner, Enum):
            # ``_value_`` is what Enum's ``value`` property returns, without the descriptor.
            parts.append(
                f"(None if (v := {value}) is None else v._value_)"
                if optional
                else f"{value}._value_"
            )
            continue
        scope[f"c{index}"] = convert
        if optional:
            parts.append(f"(None if (v := {value}) is None else c{index}(v))")
        else:
            parts.append(f"c{index}({value})")
    source = f"def to_values(obj):\n    return ({', '.join(parts)},)\n"
    exec(compile(source, f"<to_values {cls.__name__}>", "exec"), scope)
    return scope["to_values"]


def _strip_optional(convert: Convert, kind: Any) -> Convert:
    """The inner converter of an Optional field: ``from_values`` already skips None."""
    if _is_optional(kind):
        return _converters_for(_inner(kind))[1]
    return convert


#: Each table's mapper; objects are filed under their ``id``, baselines under
#: ``(task_id, number)``.
MAPPERS: dict[str, Mapper] = {
    table: Mapper(cls, ("task_id", "number") if table == "baselines" else ("id",))
    for table, cls in TABLES.items()
}
