"""A project's chart of cost accounts: the standard tree, lookups and roll-up paths.

Finance books project money against general-ledger codes, so every project starts from
the same small chart (Labour, Hardware, Software licences, Cloud services, External
services, Travel, Contingency) with codes finance recognises; users may add sub-accounts
under them. Account figures roll up from a sub-account to every ancestor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.model.budget import CostAccount
from app.model.portfolio import Portfolio


class AccountRole(StrEnum):
    """The standard accounts; the role lets costing find e.g. "the labour account"."""

    LABOUR = "labour"
    HARDWARE = "hardware"
    SOFTWARE = "software"
    CLOUD = "cloud"
    EXTERNAL = "external"
    TRAVEL = "travel"
    CONTINGENCY = "contingency"


@dataclass(frozen=True, slots=True)
class StandardAccount:
    """One row of the standard chart: finance's code, the display name and its role."""

    code: str
    name: str
    role: AccountRole


#: General-ledger codes of the 6xxx "project expenses" range, as finance numbers them.
STANDARD_CHART: tuple[StandardAccount, ...] = (
    StandardAccount("6100", "Labour", AccountRole.LABOUR),
    StandardAccount("6200", "Hardware", AccountRole.HARDWARE),
    StandardAccount("6300", "Software licences", AccountRole.SOFTWARE),
    StandardAccount("6400", "Cloud services", AccountRole.CLOUD),
    StandardAccount("6500", "External services", AccountRole.EXTERNAL),
    StandardAccount("6600", "Travel", AccountRole.TRAVEL),
    StandardAccount("6900", "Contingency", AccountRole.CONTINGENCY),
)


def standard_accounts(project_id: int, first_id: int) -> list[CostAccount]:
    """The standard chart for a project, with ids from ``first_id`` on."""
    return [
        CostAccount(first_id + offset, project_id, row.code, row.name)
        for offset, row in enumerate(STANDARD_CHART)
    ]


def project_accounts(portfolio: Portfolio, project_id: int) -> list[CostAccount]:
    """A project's accounts ordered by code (the order finance reads them in)."""
    found = [a for a in portfolio.accounts.values() if a.project_id == project_id]
    return sorted(found, key=lambda a: (a.code, a.id))


def find_account(portfolio: Portfolio, project_id: int, role: AccountRole) -> CostAccount | None:
    """The project's account for a standard role: by its standard code, else by name.

    Matching the name as well keeps charts typed by hand ("labour", code "L1") working.
    """
    row = next(r for r in STANDARD_CHART if r.role is role)
    accounts = project_accounts(portfolio, project_id)
    by_code = [a for a in accounts if a.code == row.code]
    if by_code:
        return by_code[0]
    by_name = [a for a in accounts if a.name.strip().casefold() == row.name.casefold()]
    return by_name[0] if by_name else None


def ancestors(accounts: dict[int, CostAccount], account_id: int) -> list[int]:
    """``account_id`` and every account above it, nearest first (loops are cut)."""
    chain: list[int] = []
    current: int | None = account_id
    while current is not None and current in accounts and current not in chain:
        chain.append(current)
        current = accounts[current].parent_id
    return chain


def depth(accounts: dict[int, CostAccount], account_id: int) -> int:
    """0 for a top-level account, 1 for its sub-accounts, and so on (for indenting)."""
    return len(ancestors(accounts, account_id)) - 1


def tree_order(accounts: Iterable[CostAccount]) -> list[CostAccount]:
    """Accounts depth first, each parent before its children, siblings by code."""
    items = list(accounts)
    known = {a.id for a in items}
    children: dict[int | None, list[CostAccount]] = {}
    for account in items:
        parent = account.parent_id if account.parent_id in known else None
        children.setdefault(parent, []).append(account)
    ordered: list[CostAccount] = []
    stack = sorted(children.get(None, []), key=lambda a: (a.code, a.id), reverse=True)
    while stack:
        account = stack.pop()
        ordered.append(account)
        below = sorted(children.get(account.id, []), key=lambda a: (a.code, a.id), reverse=True)
        stack.extend(below)
    return ordered
