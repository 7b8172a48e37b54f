"""``plansmith check``: SQLite integrity plus the plan's own consistency rules."""

from __future__ import annotations

from pathlib import Path

from app.model.budget import EntryKind
from app.model.portfolio import Portfolio
from app.schedule import ScheduleError, schedule
from app.store import Store, StoreError


def check_file(path: Path) -> list[str]:
    """Every problem found in the file, as lines fit for a person; empty when sound."""
    try:
        store = Store.open(path, read_only=True)
    except (StoreError, FileNotFoundError) as exc:
        return [str(exc)]
    try:
        problems = _sqlite_problems(store)
        if problems:
            return problems
        portfolio = store.load()
    finally:
        store.close()
    problems = consistency_problems(portfolio)
    if not problems:
        try:
            schedule(portfolio)
        except ScheduleError as exc:
            problems.append(f"cannot schedule: {exc}")
    return problems


def _sqlite_problems(store: Store) -> list[str]:
    rows = [r[0] for r in store.db.execute("PRAGMA integrity_check").fetchall()]
    problems = [f"integrity: {r}" for r in rows if r != "ok"]
    for table, rowid, parent, _ in store.db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"{table} row {rowid} refers to a missing row of {parent}")
    return problems


def consistency_problems(portfolio: Portfolio) -> list[str]:
    """Rules the schema cannot express: trees without loops, links and money that agree."""
    problems: list[str] = []
    tasks = portfolio.tasks
    for task in tasks.values():
        if task.parent_id is not None and tasks[task.parent_id].project_id != task.project_id:
            problems.append(f"task {task.id} {task.name!r}: its summary is in another project")
        seen = {task.id}
        parent = task.parent_id
        while parent is not None:
            if parent in seen:
                problems.append(f"task {task.id} {task.name!r}: its outline loops on itself")
                break
            seen.add(parent)
            parent = tasks[parent].parent_id
    for project_id in portfolio.projects:
        uids = [tasks[t].uid for t in portfolio.project_task_ids(project_id)]
        known = [u for u in uids if u is not None]
        if len(known) != len(set(known)):
            problems.append(f"project {project_id}: two tasks share a UID")
    for entry in portfolio.ledger.values():
        if entry.settles_id is None:
            continue
        order = portfolio.ledger.get(entry.settles_id)
        if order is None or order.kind is not EntryKind.PURCHASE_ORDER:
            problems.append(
                f"ledger entry {entry.id} settles {entry.settles_id}, which is not a purchase order"
            )
        elif order.project_id != entry.project_id:
            problems.append(f"ledger entry {entry.id} settles an order of another project")
    for line in portfolio.budget_lines.values():
        if portfolio.accounts[line.account_id].project_id != line.project_id:
            problems.append(f"budget line {line.id} uses an account of another project")
    return problems
