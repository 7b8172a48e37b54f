"""A plan with suppliers, the standard accounts and orders the pickers must leave out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.commands import AddProject, Batch
from app.commands.budget import AddLedgerEntry, AddStandardAccounts, AddSupplier
from app.model import Portfolio
from app.model.budget import EntryKind
from app.schedule.result import Schedule
from app.store import Store
from tests.widgets.driver import START, build_plan

ACME, OTHER = 1, 2  # supplier ids
#: Orders that an Acme invoice of project 1 may NOT settle: another project's, another supplier's.
INTRANET_ORDER, OTHER_ORDER = 1, 2


def budget_plan() -> Portfolio:
    """``build_plan()`` (project 1 "Website") with two suppliers and the standard accounts,
    an Acme order on project 2 and an order from Other Ltd on project 1."""
    order = EntryKind.PURCHASE_ORDER
    day = date(2026, 1, 5)
    commands = (
        AddSupplier("Acme Hosting", contact="Ann Acme", payment_terms_days=30),
        AddSupplier("Other Ltd"),
        AddStandardAccounts(1),
        AddProject("Intranet", START),
        AddLedgerEntry(2, order, day, Decimal(50), {"supplier_id": ACME, "reference": "PO-INTRA"}),
        AddLedgerEntry(1, order, day, Decimal(70), {"supplier_id": OTHER, "reference": "PO-OTHER"}),
    )
    return Batch(commands).apply(build_plan(), Schedule())


@pytest.fixture
def budget_file(tmp_path: Path) -> Path:
    """A real file on disk holding ``budget_plan()``, closed so a window can open it."""
    path = tmp_path / "budget.plansmith"
    Store.create(path, budget_plan()).close()
    return path
