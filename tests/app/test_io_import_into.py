"""Ledger entries and resources from CSV added to a project the user already has
(``ImportIntoProject``), on real store files: one transaction, nothing added on refusal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.commands import EditError, ImportIntoProject
from app.demo import write_demo
from app.document import Document
from app.io.delimited import (
    LEDGER_COLUMNS,
    ProjectTarget,
    read_ledger_csv,
    read_resources_csv,
)
from app.io.errors import ImportRejected
from app.model.budget import EntryKind
from app.model.portfolio import Portfolio
from app.store import Store


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    return path


def load(path: Path) -> Portfolio:
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def digest(path: Path) -> tuple[object, ...]:
    """What the file holds (opening a file for editing may touch its bytes, e.g. the
    stored schedule, so the content is compared, not the bytes)."""
    portfolio = load(path)
    return tuple(
        getattr(portfolio, name)
        for name in ("projects", "tasks", "ledger", "accounts", "suppliers", "resources")
    )


def write_ledger(path: Path, rows: list[dict[str, str]]) -> Path:
    lines = [",".join(LEDGER_COLUMNS)]
    for row in rows:
        lines.append(",".join(row.get(column, "") for column in LEDGER_COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_into(path: Path, source: Path, project_id: int) -> Portfolio:
    """Read ``source`` for project ``project_id`` of ``path`` and add it, as the CLI does."""
    document = Document(Store.open(path))
    try:
        target = ProjectTarget(document.portfolio, project_id)
        fragment = read_ledger_csv(source, target=target).portfolio
        document.execute(ImportIntoProject(fragment, project_id, "Import ledger"))
    finally:
        document.close()
    return load(path)


def a_task(portfolio: Portfolio, project_id: int) -> tuple[int, str]:
    task_id = sorted(portfolio.project_task_ids(project_id))[3]
    return task_id, portfolio.wbs(task_id)


def test_entries_join_the_project_matching_accounts_suppliers_and_tasks(
    plan: Path, tmp_path: Path
) -> None:
    before = load(plan)
    project_id = 2
    account = next(a for a in before.accounts.values() if a.project_id == project_id)
    supplier = next(iter(before.suppliers.values()))
    task_id, wbs = a_task(before, project_id)
    rows = [
        {
            "Date": "2026-11-02",
            "Kind": "purchase_order",
            "Reference": "PO-NEW-1",
            "Account code": account.code,
            "Supplier": supplier.name.upper(),  # matched case-insensitively
            "Task WBS": wbs,
            "Amount": "1000.00",
        },
        {
            "Date": "2026-11-20",
            "Kind": "invoice",
            "Reference": "INV-NEW-1",
            "Account code": "9999",
            "Account name": "Imported costs",
            "Supplier": supplier.name,
            "Task WBS": wbs,
            "Amount": "400.10",
            "Settles": "PO-NEW-1",
        },
        {
            "Date": "2026-11-21",
            "Kind": "expense",
            "Reference": "EXP-1",
            "Supplier": "A supplier nobody knew",
            "Amount": "12.34",
        },
    ]
    after = import_into(plan, write_ledger(tmp_path / "ledger.csv", rows), project_id)
    new = {e.reference: e for k, e in after.ledger.items() if k not in before.ledger}
    assert set(new) == {"PO-NEW-1", "INV-NEW-1", "EXP-1"}
    assert all(e.project_id == project_id for e in new.values())
    assert new["PO-NEW-1"].account_id == account.id
    assert new["PO-NEW-1"].supplier_id == supplier.id
    assert new["PO-NEW-1"].task_id == task_id == new["INV-NEW-1"].task_id
    assert new["INV-NEW-1"].settles_id == new["PO-NEW-1"].id
    assert new["INV-NEW-1"].amount == Decimal("400.10")
    created = after.accounts[new["INV-NEW-1"].account_id]
    assert (created.code, created.name, created.project_id) == ("9999", "Imported costs", 2)
    assert len(after.accounts) == len(before.accounts) + 1
    assert len(after.suppliers) == len(before.suppliers) + 1
    assert after.suppliers[new["EXP-1"].supplier_id].name == "A supplier nobody knew"
    assert after.tasks == before.tasks and after.projects.keys() == before.projects.keys()


def test_an_invoice_may_settle_an_order_the_project_already_has(plan: Path, tmp_path: Path) -> None:
    before = load(plan)
    order = next(
        e
        for e in before.ledger.values()
        if e.kind is EntryKind.PURCHASE_ORDER and e.reference and e.supplier_id
    )
    supplier = before.suppliers[order.supplier_id]  # type: ignore[index]
    row = {
        "Date": "2027-01-15",
        "Kind": "invoice",
        "Reference": "INV-LATE",
        "Supplier": supplier.name,
        "Amount": "10.00",
        "Settles": order.reference,
    }
    after = import_into(plan, write_ledger(tmp_path / "l.csv", [row]), order.project_id)
    (invoice,) = [e for k, e in after.ledger.items() if k not in before.ledger]
    assert invoice.settles_id == order.id


def test_an_unknown_task_wbs_is_refused_naming_line_and_field(plan: Path, tmp_path: Path) -> None:
    rows = [
        {"Date": "2026-11-02", "Kind": "expense", "Amount": "1", "Task WBS": "1"},
        {"Date": "2026-11-03", "Kind": "expense", "Amount": "2", "Task WBS": "99.99"},
    ]
    source = write_ledger(tmp_path / "ledger.csv", rows)
    fingerprint = digest(plan)
    with pytest.raises(ImportRejected) as caught:
        import_into(plan, source, 1)
    assert caught.value.line == 3
    assert "Task WBS" in caught.value.field and "99.99" in caught.value.message
    assert digest(plan) == fingerprint


def test_a_refused_entry_adds_nothing(plan: Path, tmp_path: Path) -> None:
    """The second entry settles an expense (only orders can be settled): EditError, and
    neither entry nor the new account and supplier are in the file."""
    rows = [
        {"Date": "2026-11-02", "Kind": "expense", "Reference": "E1", "Amount": "1"},
        {
            "Date": "2026-11-03",
            "Kind": "invoice",
            "Account code": "NEW",
            "Supplier": "New Co",
            "Amount": "2",
            "Settles": "E1",
        },
    ]
    fingerprint = digest(plan)
    with pytest.raises(EditError, match="purchase order"):
        import_into(plan, write_ledger(tmp_path / "bad.csv", rows), 1)
    assert digest(plan) == fingerprint


def test_without_a_target_task_wbs_is_ignored_and_said(tmp_path: Path) -> None:
    rows = [{"Date": "2026-11-02", "Kind": "expense", "Amount": "1", "Task WBS": "1.2"}]
    result = read_ledger_csv(write_ledger(tmp_path / "l.csv", rows))
    assert result.portfolio.ledger[1].task_id is None
    assert any("Task WBS ignored" in w for w in result.report.warnings)


def test_resources_join_the_project_and_duplicates_are_refused(plan: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Type,Standard rate\nNew Person,work,88.50\nSome Material,material,3\n",
        encoding="utf-8",
    )
    before = load(plan)
    document = Document(Store.open(plan))
    try:
        fragment = read_resources_csv(source).portfolio
        document.execute(ImportIntoProject(fragment, 3, "Import resources"))
    finally:
        document.close()
    after = load(plan)
    new = {r.name: r for k, r in after.resources.items() if k not in before.resources}
    assert set(new) == {"New Person", "Some Material"}
    assert all(r.project_id == 3 for r in new.values())
    assert new["New Person"].standard_rate == Decimal("88.50")
    fingerprint = digest(plan)
    document = Document(Store.open(plan))
    try:
        with pytest.raises(EditError, match="already a resource named 'New Person'"):
            document.execute(ImportIntoProject(fragment, 1, "Import resources"))
    finally:
        document.close()
    assert digest(plan) == fingerprint


def test_the_command_refuses_a_missing_project_or_a_task_list(plan: Path) -> None:
    portfolio = load(plan)
    schedule_stub = None
    with pytest.raises(EditError, match="no project 99"):
        ImportIntoProject(Portfolio(), 99, "x").apply(portfolio, schedule_stub)  # type: ignore[arg-type]
    with pytest.raises(EditError, match="new project"):
        ImportIntoProject(portfolio, 1, "x").apply(portfolio, schedule_stub)  # type: ignore[arg-type]
