"""Resources of the portfolio's pool and their assignments to tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.model.frozen import quick_init
from app.model.task import Contour


class ResourceType(StrEnum):
    """MS Project's three kinds of resource."""

    WORK = "work"
    MATERIAL = "material"
    COST = "cost"


class RateUnit(StrEnum):
    """The unit a rate is shown in; the rate itself is always kept per hour."""

    HOUR = "h"
    DAY = "d"
    WEEK = "w"
    MONTH = "mo"
    YEAR = "y"


@quick_init
@dataclass(frozen=True, slots=True)
class Resource:
    """A person, a machine, a material or a cost line. ``project_id`` None = shared pool."""

    id: int
    name: str
    type: ResourceType = ResourceType.WORK
    project_id: int | None = None
    uid: int | None = None
    initials: str = ""
    group: str = ""
    email: str = ""
    material_label: str = ""
    max_units: float = 1.0
    standard_rate: Decimal = Decimal(0)
    standard_rate_unit: RateUnit = RateUnit.HOUR
    overtime_rate: Decimal = Decimal(0)
    cost_per_use: Decimal = Decimal(0)
    calendar_id: int | None = None
    supplier_id: int | None = None
    available_from: datetime | None = None
    available_to: datetime | None = None
    notes: str = ""
    extra: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Assignment:
    """``resource`` works on ``task`` at ``units`` (1.0 = 100 %) for ``work_minutes``."""

    id: int
    task_id: int
    resource_id: int
    uid: int | None = None
    units: float = 1.0
    work_minutes: int = 0
    actual_work_minutes: int = 0
    contour: Contour = Contour.FLAT
    #: Fixed cost for a cost resource (MS Project's assignment Cost), else None = from rates.
    cost: Decimal | None = None
    extra: str = ""
