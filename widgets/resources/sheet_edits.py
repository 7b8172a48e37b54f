"""What a typed cell of the resource sheet means: the fields of an ``EditResource``.

Kept free of Qt (like ``widgets.models.cell_edits``) so the rules of reading a cell are
tested without a window; the command itself checks what the model allows.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from app.model.money import format_money
from app.model.portfolio import Portfolio
from app.model.resource import Resource, ResourceType
from widgets.resources.rates import (
    ValueRefused,
    format_day,
    format_rate,
    format_units,
    parse_amount,
    parse_day,
    parse_rate,
    parse_units,
)

#: The drop-down's label of "no calendar" (the resource works on its tasks' calendars) and
#: "no supplier"; the cell itself shows nothing.
NO_CHOICE = "(none)"


class SheetColumn(IntEnum):
    """The resource sheet's columns, in MS Project's order."""

    NAME = 0
    TYPE = 1
    MATERIAL_LABEL = 2
    INITIALS = 3
    GROUP = 4
    MAX_UNITS = 5
    STANDARD_RATE = 6
    OVERTIME_RATE = 7
    COST_PER_USE = 8
    CALENDAR = 9
    SUPPLIER = 10
    AVAILABLE_FROM = 11
    AVAILABLE_TO = 12
    EMAIL = 13

    @property
    def header(self) -> str:
        """The column's title."""
        return _HEADERS[self]


_HEADERS = {
    SheetColumn.NAME: "Resource Name",
    SheetColumn.TYPE: "Type",
    SheetColumn.MATERIAL_LABEL: "Material Label",
    SheetColumn.INITIALS: "Initials",
    SheetColumn.GROUP: "Group",
    SheetColumn.MAX_UNITS: "Max Units",
    SheetColumn.STANDARD_RATE: "Std. Rate",
    SheetColumn.OVERTIME_RATE: "Ovt. Rate",
    SheetColumn.COST_PER_USE: "Cost/Use",
    SheetColumn.CALENDAR: "Base Calendar",
    SheetColumn.SUPPLIER: "Supplier",
    SheetColumn.AVAILABLE_FROM: "Available From",
    SheetColumn.AVAILABLE_TO: "Available To",
    SheetColumn.EMAIL: "Email",
}
#: Columns chosen from a list rather than typed.
CHOICE_COLUMNS = frozenset({SheetColumn.TYPE, SheetColumn.CALENDAR, SheetColumn.SUPPLIER})
NUMERIC_COLUMNS = frozenset(
    {
        SheetColumn.MAX_UNITS,
        SheetColumn.STANDARD_RATE,
        SheetColumn.OVERTIME_RATE,
        SheetColumn.COST_PER_USE,
    }
)
#: Columns that mean nothing for a kind of resource (MS Project greys them out).
_NOT_FOR = {
    ResourceType.WORK: frozenset({SheetColumn.MATERIAL_LABEL}),
    ResourceType.MATERIAL: frozenset(
        {SheetColumn.MAX_UNITS, SheetColumn.OVERTIME_RATE, SheetColumn.CALENDAR}
    ),
    ResourceType.COST: frozenset(
        {
            SheetColumn.MATERIAL_LABEL,
            SheetColumn.MAX_UNITS,
            SheetColumn.STANDARD_RATE,
            SheetColumn.OVERTIME_RATE,
            SheetColumn.COST_PER_USE,
            SheetColumn.CALENDAR,
        }
    ),
}
_TEXT_FIELDS = {
    SheetColumn.NAME: "name",
    SheetColumn.MATERIAL_LABEL: "material_label",
    SheetColumn.INITIALS: "initials",
    SheetColumn.GROUP: "group",
    SheetColumn.EMAIL: "email",
}


def applies(resource: Resource, column: SheetColumn) -> bool:
    """Whether the column means something for this kind of resource."""
    return column not in _NOT_FOR[resource.type]


def cell_text(portfolio: Portfolio, resource: Resource, column: SheetColumn) -> str:
    """What a cell shows (and its editor starts with)."""
    if not applies(resource, column):
        return ""
    if column in _TEXT_FIELDS:
        return str(getattr(resource, _TEXT_FIELDS[column]))
    if column is SheetColumn.TYPE:
        return resource.type.value.capitalize()
    if column is SheetColumn.MAX_UNITS:
        return format_units(resource.max_units)
    if column is SheetColumn.STANDARD_RATE:
        if resource.type is ResourceType.MATERIAL:
            per = f"/{resource.material_label}" if resource.material_label else ""
            return format_money(resource.standard_rate) + per
        return format_rate(resource.standard_rate, resource.standard_rate_unit)
    if column is SheetColumn.OVERTIME_RATE:
        return format_rate(resource.overtime_rate, resource.standard_rate_unit)
    if column is SheetColumn.COST_PER_USE:
        return format_money(resource.cost_per_use)
    if column is SheetColumn.CALENDAR:
        found = portfolio.calendars.get(resource.calendar_id or 0)
        return found.name if found else ""
    if column is SheetColumn.SUPPLIER:
        supplier = portfolio.suppliers.get(resource.supplier_id or 0)
        return supplier.name if supplier else ""
    if column is SheetColumn.AVAILABLE_FROM:
        return format_day(resource.available_from)
    return format_day(resource.available_to)


def choices(portfolio: Portfolio, column: SheetColumn) -> list[str]:
    """The labels a choice column offers, in order."""
    if column is SheetColumn.TYPE:
        return [kind.value.capitalize() for kind in ResourceType]
    if column is SheetColumn.CALENDAR:
        names = [c.name for c in sorted(portfolio.calendars.values(), key=lambda c: c.id)]
        return [NO_CHOICE, *names]
    if column is SheetColumn.SUPPLIER:
        names = [s.name for s in sorted(portfolio.suppliers.values(), key=lambda s: s.name)]
        return [NO_CHOICE, *names]
    return []


def resource_changes(
    portfolio: Portfolio, resource: Resource, column: SheetColumn, text: str
) -> dict[str, Any]:
    """The fields a typed or chosen cell value sets.

    Raises:
        ValueRefused: the text cannot be read for this column.
    """
    if column in _TEXT_FIELDS:
        return {_TEXT_FIELDS[column]: text.strip()}
    if column is SheetColumn.TYPE:
        return {"type": _choice(ResourceType, text)}
    if column is SheetColumn.MAX_UNITS:
        return {"max_units": parse_units(text)}
    if column is SheetColumn.STANDARD_RATE:
        if resource.type is ResourceType.MATERIAL:
            return {"standard_rate": parse_amount(text.split("/")[0])}
        rate, unit = parse_rate(text, resource.standard_rate_unit)
        return {"standard_rate": rate, "standard_rate_unit": unit}
    if column is SheetColumn.OVERTIME_RATE:
        return {"overtime_rate": parse_rate(text, resource.standard_rate_unit)[0]}
    if column is SheetColumn.COST_PER_USE:
        return {"cost_per_use": parse_amount(text)}
    if column is SheetColumn.CALENDAR:
        return {"calendar_id": _named_id(portfolio.calendars, text, "calendar")}
    if column is SheetColumn.SUPPLIER:
        return {"supplier_id": _named_id(portfolio.suppliers, text, "supplier")}
    field = "available_from" if column is SheetColumn.AVAILABLE_FROM else "available_to"
    return {field: parse_day(text)}


def _choice(kind: type[ResourceType], text: str) -> ResourceType:
    try:
        return kind(text.strip().casefold())
    except ValueError as exc:
        raise ValueRefused(f"{text.strip()!r}: choose Work, Material or Cost") from exc


def _named_id(items: Any, text: str, what: str) -> int | None:
    """The id of the item named ``text`` (``(none)`` or empty: None)."""
    name = text.strip()
    if name in ("", NO_CHOICE):
        return None
    for key, item in items.items():
        if item.name.casefold() == name.casefold():
            return int(key)
    raise ValueRefused(f"there is no {what} named {name!r}")
