"""Commands on resources and assignments, and the ``Alice[50%], Server`` notation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.commands.base import EditError, check_fields, updated, with_items, without
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, Resource, ResourceType
from app.schedule.result import Schedule

_ASSIGNMENT = re.compile(r"^\s*([^\[\]]+?)\s*(?:\[\s*(\d+(?:\.\d+)?)\s*(%?)\s*\])?\s*$")

RESOURCE_FIELDS = {
    "name",
    "type",
    "initials",
    "group",
    "email",
    "material_label",
    "max_units",
    "standard_rate",
    "standard_rate_unit",
    "overtime_rate",
    "cost_per_use",
    "calendar_id",
    "supplier_id",
    "available_from",
    "available_to",
    "notes",
    "project_id",
}


def check_resource(resource: Resource) -> None:
    """Raise EditError when a resource's fields make no sense."""
    if not resource.name.strip():
        raise EditError("a resource needs a name")
    if "[" in resource.name or "," in resource.name:
        raise EditError(f"{resource.name}: a resource name cannot contain '[' or ','")
    if resource.max_units < 0:
        raise EditError(f"{resource.name}: max units cannot be negative")
    for label, amount in (
        ("standard rate", resource.standard_rate),
        ("overtime rate", resource.overtime_rate),
        ("cost per use", resource.cost_per_use),
    ):
        if amount < 0:
            raise EditError(f"{resource.name}: the {label} cannot be negative")


@dataclass(frozen=True)
class AddResource:
    """Add a resource to the shared pool (or to one project)."""

    name: str
    fields: Mapping[str, Any] | None = None
    label: str = "Add resource"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Create it after checking the name is free."""
        if any(
            r.name.casefold() == self.name.strip().casefold() for r in portfolio.resources.values()
        ):
            raise EditError(f"there is already a resource named {self.name.strip()!r}")
        resource = Resource(portfolio.next_id("resources"), self.name.strip())
        resource = replace(resource, **dict(self.fields or {}))
        check_resource(resource)
        return updated(
            portfolio, resources=with_items(portfolio.resources, {resource.id: resource})
        )


@dataclass(frozen=True)
class EditResource:
    """Change fields of a resource."""

    resource_id: int
    changes: Mapping[str, Any]
    label: str = "Edit resource"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields after checking them."""
        check_fields(self.changes, RESOURCE_FIELDS, "resource")
        resource = replace(portfolio.resources[self.resource_id], **self.changes)
        check_resource(resource)
        return updated(
            portfolio, resources=with_items(portfolio.resources, {resource.id: resource})
        )


@dataclass(frozen=True)
class DeleteResources:
    """Remove resources and their assignments."""

    resource_ids: tuple[int, ...]
    label: str = "Delete resources"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Drop them."""
        doomed = set(self.resource_ids)
        return updated(
            portfolio,
            resources=without(portfolio.resources, doomed),
            assignments={
                k: v for k, v in portfolio.assignments.items() if v.resource_id not in doomed
            },
        )


def parse_assignments(text: str) -> list[tuple[str, float | None]]:
    """``Alice[50%], Server[2]`` -> [("Alice", 0.5), ("Server", 2.0)]; no brackets: None.

    A number with % is a share of one unit; a bare number is units (for material).
    """
    result: list[tuple[str, float | None]] = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = _ASSIGNMENT.match(part)
        if not match or not match.group(1):
            raise EditError(f"cannot read {part!r}; write e.g. Alice[50%] or Server")
        name, number, percent = match.groups()
        units = None if number is None else float(number) / (100 if percent else 1)
        result.append((name, units))
    return result


def format_assignments(portfolio: Portfolio, task_id: int) -> str:
    """A task's resources as the table shows them: ``Alice[50%], Server``."""
    parts = []
    for assignment in portfolio.task_assignments(task_id):
        resource = portfolio.resources[assignment.resource_id]
        if resource.type is ResourceType.WORK:
            shown = "" if assignment.units == 1.0 else f"[{assignment.units * 100:g}%]"
        elif resource.type is ResourceType.MATERIAL:
            shown = f"[{assignment.units:g}]"
        else:
            shown = ""
        parts.append(resource.name + shown)
    return ", ".join(parts)


@dataclass(frozen=True)
class SetTaskResources:
    """Replace a task's assignments with the ones typed in the Resources column.

    Unknown names are added to the shared pool as work resources, as MS Project does.
    Work follows duration times units for new assignments; kept ones keep their work.
    """

    task_id: int
    text: str
    label: str = "Assign resources"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Rebuild the task's assignments."""
        task = portfolio.tasks[self.task_id]
        by_name = {r.name.casefold(): r for r in portfolio.resources.values()}
        current = {a.resource_id: a for a in portfolio.task_assignments(self.task_id)}
        resources = dict(portfolio.resources)
        assignments = without(portfolio.assignments, {a.id for a in current.values()})
        next_assignment = portfolio.next_id("assignments")
        seen: set[int] = set()
        for name, units in parse_assignments(self.text):
            resource = by_name.get(name.casefold())
            if resource is None:
                resource = Resource(max(resources, default=0) + 1, name)
                check_resource(resource)
                resources[resource.id] = resource
                by_name[name.casefold()] = resource
            if resource.id in seen:
                raise EditError(f"{resource.name} is named twice")
            seen.add(resource.id)
            old = current.get(resource.id)
            if old is not None:
                assignment = old if units is None else replace(old, units=units)
            else:
                use = 1.0 if units is None else units
                work = (
                    round(task.duration_minutes * use) if resource.type is ResourceType.WORK else 0
                )
                assignment = Assignment(
                    next_assignment, self.task_id, resource.id, units=use, work_minutes=work
                )
                next_assignment += 1
            if assignment.units < 0:
                raise EditError(f"{resource.name}: units cannot be negative")
            assignments[assignment.id] = assignment
        return updated(portfolio, resources=resources, assignments=assignments)
