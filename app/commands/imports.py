"""Import into a project the user already has: ledger entries, accounts, suppliers, resources.

A finance export of invoices and orders belongs to a running project, not to a new one,
so ``ImportIntoProject`` adds a fragment's entries (with the cost accounts and suppliers
they use) and resources to an existing project as one edit: one transaction, one undo
step, and nothing added when any part is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.commands.base import EditError, updated, with_items
from app.commands.budget import check_entry
from app.commands.resources import check_resource
from app.model.budget import CostAccount, LedgerEntry, Supplier
from app.model.portfolio import Portfolio
from app.model.resource import Resource
from app.schedule.result import Schedule


@dataclass(frozen=True)
class ImportIntoProject:
    """Add an imported fragment's resources, cost accounts, suppliers and ledger entries
    to project ``project_id``.

    The fragment is what a reader returns (``read_ledger_csv``, ``read_resources_csv``):
    its accounts are matched to the project's by code, else created; its suppliers are
    matched by name (case-insensitive), else created; its resources join the project
    and must not share a name with any existing resource. A ledger entry's ``settles_id``
    names an entry of the fragment, else an existing entry of the project, and its
    ``task_id`` names a task of the project (fragments carry no tasks; readers resolve
    ``Task WBS`` against the project with ``app.io.delimited.ProjectTarget``).

    Raises EditError (nothing added) for a missing project, a fragment with tasks, a
    duplicate resource name, or a reference that does not land in the project.
    """

    fragment: Portfolio
    project_id: int
    label: str = "Import into project"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Match, renumber and add; check every new entry as AddLedgerEntry would."""
        if self.project_id not in portfolio.projects:
            raise EditError(f"there is no project {self.project_id}")
        if self.fragment.tasks:
            raise EditError("tasks are imported as a new project, not into an existing one")
        accounts, account_ids = self._accounts(portfolio)
        suppliers, supplier_ids = self._suppliers(portfolio)
        resources = self._resources(portfolio, supplier_ids)
        candidate = updated(
            portfolio,
            accounts=with_items(portfolio.accounts, accounts),
            suppliers=with_items(portfolio.suppliers, suppliers),
            resources=with_items(portfolio.resources, resources),
        )
        entries = self._entries(candidate, account_ids, supplier_ids)
        candidate = updated(candidate, ledger=with_items(candidate.ledger, entries))
        for entry in entries.values():
            try:
                check_entry(candidate, entry)
            except EditError as exc:
                name = entry.reference or f"of {entry.entry_date}"
                raise EditError(f"ledger entry {name}: {exc}") from exc
        return candidate

    def _accounts(self, portfolio: Portfolio) -> tuple[dict[int, CostAccount], dict[int, int]]:
        """New accounts by id, and fragment account id -> account id in the project."""
        by_code = {
            a.code: a.id for a in portfolio.accounts.values() if a.project_id == self.project_id
        }
        ids: dict[int, int] = {}
        pending: list[CostAccount] = []
        next_id = portfolio.next_id("accounts")
        for account in sorted(self.fragment.accounts.values(), key=lambda a: a.id):
            if account.code in by_code:
                ids[account.id] = by_code[account.code]
                continue
            ids[account.id] = by_code[account.code] = next_id
            pending.append(account)
            next_id += 1
        added = {}
        for account in pending:
            parent = ids.get(account.parent_id) if account.parent_id is not None else None
            new = replace(account, id=ids[account.id], project_id=self.project_id, parent_id=parent)
            added[new.id] = new
        return added, ids

    def _suppliers(self, portfolio: Portfolio) -> tuple[dict[int, Supplier], dict[int, int]]:
        """New suppliers by id, and fragment supplier id -> supplier id in the portfolio."""
        by_name = {s.name.strip().casefold(): s.id for s in portfolio.suppliers.values()}
        ids: dict[int, int] = {}
        added: dict[int, Supplier] = {}
        next_id = portfolio.next_id("suppliers")
        for supplier in sorted(self.fragment.suppliers.values(), key=lambda s: s.id):
            key = supplier.name.strip().casefold()
            if key not in by_name:
                by_name[key] = next_id
                added[next_id] = replace(supplier, id=next_id)
                next_id += 1
            ids[supplier.id] = by_name[key]
        return added, ids

    def _resources(self, portfolio: Portfolio, supplier_ids: dict[int, int]) -> dict[int, Resource]:
        """The fragment's resources as the project's own, numbered after the portfolio's."""
        taken = {r.name.strip().casefold() for r in portfolio.resources.values()}
        added: dict[int, Resource] = {}
        next_id = portfolio.next_id("resources")
        for resource in sorted(self.fragment.resources.values(), key=lambda r: r.id):
            key = resource.name.strip().casefold()
            if key in taken:
                raise EditError(f"there is already a resource named {resource.name.strip()!r}")
            taken.add(key)
            new = replace(
                resource,
                id=next_id,
                project_id=self.project_id,
                calendar_id=None,  # the fragment's calendars are not imported
                supplier_id=supplier_ids.get(resource.supplier_id)
                if resource.supplier_id
                else None,
            )
            check_resource(new)
            added[next_id] = new
            next_id += 1
        return added

    def _entries(
        self, portfolio: Portfolio, account_ids: dict[int, int], supplier_ids: dict[int, int]
    ) -> dict[int, LedgerEntry]:
        """The fragment's entries renumbered into the project, references resolved."""
        fragment = self.fragment.ledger
        first = portfolio.next_id("ledger")
        new_ids = {old: first + n for n, old in enumerate(sorted(fragment))}
        entries: dict[int, LedgerEntry] = {}
        for old_id, entry in sorted(fragment.items()):
            new = replace(
                entry,
                id=new_ids[old_id],
                project_id=self.project_id,
                account_id=account_ids.get(entry.account_id) if entry.account_id else None,
                supplier_id=supplier_ids.get(entry.supplier_id) if entry.supplier_id else None,
                task_id=self._task(portfolio, entry.task_id),
                settles_id=self._settles(portfolio, entry.settles_id, new_ids),
            )
            entries[new.id] = new
        return entries

    def _task(self, portfolio: Portfolio, task_id: int | None) -> int | None:
        if task_id is None:
            return None
        task = portfolio.tasks.get(task_id)
        if task is None or task.project_id != self.project_id:
            raise EditError(f"task {task_id} is not a task of project {self.project_id}")
        return task_id

    def _settles(
        self, portfolio: Portfolio, settles_id: int | None, new_ids: dict[int, int]
    ) -> int | None:
        if settles_id is None:
            return None
        if settles_id in new_ids:
            return new_ids[settles_id]
        entry = portfolio.ledger.get(settles_id)
        if entry is None or entry.project_id != self.project_id:
            message = f"ledger entry {settles_id} is not an entry of project {self.project_id}"
            raise EditError(message)
        return settles_id
