"""A person's briefing as an iCalendar (.ics) file, one event per task.

Events carry floating local times (no time zone), as the plan itself does, and a UID
made of the task, the person and the file's identity of them, so importing the file
again next week updates the events instead of duplicating them. The file is written
atomically: a calendar application never reads half a file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from icalendar import Calendar, Event

from app.io.atomic import atomic_write_bytes
from app.resources.briefing import Briefing, BriefingItem

PRODID = "-//Plansmith//Person briefing//EN"
UID_DOMAIN = "plansmith"


def event_uid(item: BriefingItem, resource_id: int) -> str:
    """Stable across exports: the same task and person always give the same UID."""
    return f"task-{item.task_id}-resource-{resource_id}@{UID_DOMAIN}"


def _hours(minutes: float) -> str:
    return f"{minutes / 60:g} h"


def describe(item: BriefingItem) -> str:
    """The event's description: work, what feeds the task, and its notes."""
    lines = [
        f"Project: {item.project_name}",
        f"Task: {item.wbs} {item.task_name}".rstrip(),
        f"Work: {_hours(item.work_minutes)} at {item.units * 100:g} % "
        f"({_hours(item.work_in_period_minutes)} in this period)",
        f"Complete: {item.percent_complete} %" + (" (critical)" if item.critical else ""),
    ]
    if item.predecessors:
        lines.append("Predecessors:")
        for feeder in item.predecessors:
            when = feeder.finish.strftime("%Y-%m-%d %H:%M") if feeder.finish else "unscheduled"
            who = f", {', '.join(feeder.resources)}" if feeder.resources else ""
            lines.append(
                f"- {feeder.name} ({feeder.project_name}, {feeder.kind.value}): "
                f"finishes {when}, {feeder.percent_complete} % done{who}"
            )
    if item.notes.strip():
        lines += ["Notes:", item.notes.strip()]
    return "\n".join(lines)


def to_calendar(briefing: Briefing, stamp: datetime | None = None) -> Calendar:
    """The briefing as an icalendar Calendar; ``stamp`` is each event's DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{briefing.name}: Plansmith tasks")
    moment = stamp or datetime.now().replace(microsecond=0)
    for item in briefing.items:
        event = Event()
        event.add("uid", event_uid(item, briefing.resource_id))
        event.add("dtstamp", moment)
        event.add("dtstart", item.start)
        event.add("dtend", item.finish if item.finish > item.start else item.start)
        event.add("summary", f"{item.project_name}: {item.task_name}")
        event.add("description", describe(item))
        calendar.add_component(event)
    return calendar


def write_ical(briefing: Briefing, path: Path | str, stamp: datetime | None = None) -> Path:
    """Write the briefing to ``path`` as .ics, atomically; returns the path."""
    target = Path(path)
    atomic_write_bytes(target, to_calendar(briefing, stamp).to_ical())
    return target
