"""Dependency links between tasks, possibly across projects of the portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.model.duration import DurationUnit
from app.model.frozen import quick_init


class LinkKind(StrEnum):
    """Finish-to-start and friends, named as MS Project shows them."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@quick_init
@dataclass(frozen=True, slots=True)
class Link:
    """``predecessor`` drives ``successor``.

    The lag is ``lag_minutes`` of working time (calendar time when ``lag_unit`` is
    elapsed, e.g. ``ed``), or, when ``lag_unit`` is ``%``, ``lag_percent`` of the
    predecessor's duration. Negative lags (leads) are allowed.
    """

    id: int
    predecessor_id: int
    successor_id: int
    kind: LinkKind = LinkKind.FS
    lag_minutes: int = 0
    lag_unit: DurationUnit = DurationUnit.DAYS
    lag_percent: int = 0
    extra: str = ""

    @property
    def percent_lag(self) -> bool:
        """True when the lag is a share of the predecessor's duration."""
        return self.lag_unit is DurationUnit.PERCENT
