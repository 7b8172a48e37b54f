"""Commands on whole projects: add, edit settings, delete, and merge in an imported one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.commands.base import EditError, check_fields, updated, with_items
from app.model.calendar import Calendar
from app.model.portfolio import COLLECTIONS, Portfolio
from app.model.project import Project
from app.schedule.result import Schedule

#: Reference fields of each collection and the collection they point into; merging a
#: fragment renumbers every one of them.
REFERENCES: dict[str, dict[str, str]] = {
    "calendars": {"base_id": "calendars", "project_id": "projects"},
    "projects": {"calendar_id": "calendars"},
    "suppliers": {},
    "resources": {"project_id": "projects", "calendar_id": "calendars", "supplier_id": "suppliers"},
    "tasks": {"project_id": "projects", "parent_id": "tasks", "calendar_id": "calendars"},
    "links": {"predecessor_id": "tasks", "successor_id": "tasks"},
    "assignments": {"task_id": "tasks", "resource_id": "resources"},
    "baselines": {"task_id": "tasks"},
    "accounts": {"project_id": "projects", "parent_id": "accounts"},
    "budget_lines": {"project_id": "projects", "account_id": "accounts", "task_id": "tasks"},
    "ledger": {
        "project_id": "projects",
        "account_id": "accounts",
        "task_id": "tasks",
        "supplier_id": "suppliers",
        "settles_id": "ledger",
    },
}

PROJECT_FIELDS = {
    "name",
    "start",
    "calendar_id",
    "finish",
    "schedule_from_finish",
    "status_date",
    "currency",
    "currency_digits",
    "minutes_per_day",
    "minutes_per_week",
    "days_per_month",
    "default_start_minute",
    "default_finish_minute",
    "critical_slack_minutes",
    "priority",
    "approved_budget",
    "contingency",
    "manager",
    "notes",
}


@dataclass(frozen=True)
class AddProject:
    """A new, empty project with its own standard calendar."""

    name: str
    start: datetime
    currency: str = "EUR"
    label: str = "New project"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Add the project and its calendar."""
        if not self.name.strip():
            raise EditError("a project needs a name")
        project_id = portfolio.next_id("projects")
        calendar = Calendar(portfolio.next_id("calendars"), "Standard", project_id=project_id)
        project = Project(
            project_id,
            self.name.strip(),
            self.start,
            calendar_id=calendar.id,
            currency=self.currency,
            position=len(portfolio.projects),
        )
        return updated(
            portfolio,
            projects=with_items(portfolio.projects, {project_id: project}),
            calendars=with_items(portfolio.calendars, {calendar.id: calendar}),
        )


@dataclass(frozen=True)
class EditProject:
    """Change a project's settings (name, start, status date, currency, priority...)."""

    project_id: int
    changes: Mapping[str, Any]
    label: str = "Project settings"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields after checking them."""
        check_fields(self.changes, PROJECT_FIELDS, "project")
        project = replace(portfolio.projects[self.project_id], **self.changes)
        if not project.name.strip():
            raise EditError("a project needs a name")
        if project.minutes_per_day <= 0 or project.minutes_per_week <= 0:
            raise EditError("hours per day and per week must be positive")
        if not 0 <= project.priority <= 1000:
            raise EditError("priority must be between 0 and 1000")
        return updated(portfolio, projects=with_items(portfolio.projects, {project.id: project}))


@dataclass(frozen=True)
class DeleteProject:
    """Remove a project and everything that belongs to it."""

    project_id: int
    label: str = "Delete project"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Drop the project's tasks, links (also cross-project ones), ledger and calendars."""
        pid = self.project_id
        tasks = {t for t in portfolio.project_task_ids(pid)}
        keep_tasks = {k: v for k, v in portfolio.tasks.items() if k not in tasks}
        return updated(
            portfolio,
            projects={k: v for k, v in portfolio.projects.items() if k != pid},
            tasks=keep_tasks,
            links={
                k: v
                for k, v in portfolio.links.items()
                if v.predecessor_id not in tasks and v.successor_id not in tasks
            },
            assignments={k: v for k, v in portfolio.assignments.items() if v.task_id not in tasks},
            baselines={k: v for k, v in portfolio.baselines.items() if k[0] not in tasks},
            accounts={k: v for k, v in portfolio.accounts.items() if v.project_id != pid},
            budget_lines={k: v for k, v in portfolio.budget_lines.items() if v.project_id != pid},
            ledger={k: v for k, v in portfolio.ledger.items() if v.project_id != pid},
            resources={k: v for k, v in portfolio.resources.items() if v.project_id != pid},
            calendars=_calendars_still_used(portfolio, pid),
        )


def _calendars_still_used(portfolio: Portfolio, project_id: int) -> dict[int, Calendar]:
    return {k: v for k, v in portfolio.calendars.items() if v.project_id != project_id}


@dataclass(frozen=True)
class MergePortfolio:
    """Add the projects (and their calendars, resources, ...) of another portfolio.

    Used by every importer: the fragment is numbered from 1, and every id and
    reference is shifted past this portfolio's ids, so nothing collides.
    """

    fragment: Portfolio
    name: str | None = None
    label: str = "Import project"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Renumber the fragment and add it."""
        offsets = {
            c: max(getattr(portfolio, c), default=0) for c in COLLECTIONS if c != "baselines"
        }
        merged: dict[str, dict[Any, Any]] = {}
        shifting = any(offsets.values())  # into an empty file the fragment fits as it is
        for collection in COLLECTIONS:
            moved: dict[Any, Any] = {}
            for obj in getattr(self.fragment, collection).values():
                obj = _shift(obj, collection, offsets) if shifting else obj
                key = (obj.task_id, obj.number) if collection == "baselines" else obj.id
                moved[key] = obj
            merged[collection] = with_items(getattr(portfolio, collection), moved)
        if self.name:
            new_ids = [p + offsets["projects"] for p in self.fragment.projects]
            for project_id in new_ids:
                merged["projects"][project_id] = replace(
                    merged["projects"][project_id], name=self.name
                )
        return updated(portfolio, **merged)

    def new_project_ids(self, portfolio: Portfolio) -> list[int]:
        """The ids the fragment's projects get in ``portfolio``."""
        offset = max(portfolio.projects, default=0)
        return [p + offset for p in sorted(self.fragment.projects)]


def _shift(obj: Any, collection: str, offsets: Mapping[str, int]) -> Any:
    changes: dict[str, Any] = {}
    if collection != "baselines":
        changes["id"] = obj.id + offsets[collection]
    for name, target in REFERENCES[collection].items():
        value = getattr(obj, name)
        if value is not None:
            changes[name] = value + offsets[target]
    return replace(obj, **changes)
