"""The command layer: every user edit is a Command applied to an immutable Portfolio.

A command is pure: ``apply`` returns a new Portfolio or raises EditError, and never
touches the store. The Document commits its result as one transaction; undo is by
snapshot, so commands carry no undo logic of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from app.model.portfolio import Portfolio
from app.model.revision import Revision
from app.schedule.result import Schedule

K = TypeVar("K")
V = TypeVar("V")


class EditError(Exception):
    """An edit that cannot be made; the message says why, in the user's words."""


class Command(Protocol):
    """One user action: a label for "Undo <label>" and a pure ``apply``."""

    @property
    def label(self) -> str:
        """Short text for the Edit menu, e.g. "Rename task"."""
        ...

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """The portfolio after the edit.

        Raises:
            EditError: the edit is not allowed; nothing changed.
        """
        ...


def check_fields(changes: Mapping[str, Any], allowed: set[str] | frozenset[str], noun: str) -> None:
    """Refuse an edit naming fields a user may not set (ids, computed values...)."""
    unknown = set(changes) - allowed
    if unknown:
        raise EditError(f"these {noun} fields cannot be edited: {', '.join(sorted(unknown))}")


def with_items(mapping: Mapping[K, V], updates: Mapping[K, V]) -> Mapping[K, V]:
    """A copy of ``mapping`` with ``updates`` set (the originals stay shared)."""
    return Revision(mapping, updates)


def without(mapping: Mapping[K, V], keys: set[K] | frozenset[K]) -> Mapping[K, V]:
    """A copy of ``mapping`` without ``keys``."""
    return Revision(mapping, removed=keys)


def updated(portfolio: Portfolio, **collections: Any) -> Portfolio:
    """The portfolio with some collections replaced."""
    return replace(portfolio, **collections)


@dataclass(frozen=True)
class Batch:
    """Several commands applied as one edit (one transaction, one undo step)."""

    commands: tuple[Command, ...]
    name: str = ""

    @property
    def label(self) -> str:
        """The given name, or the first command's label."""
        return self.name or (self.commands[0].label if self.commands else "Edit")

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Apply each command to the result of the previous one."""
        for command in self.commands:
            portfolio = command.apply(portfolio, schedule)
        return portfolio
