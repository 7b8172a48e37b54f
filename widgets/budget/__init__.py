"""The Budget tab of the main window: ledger, accounts, suppliers, earned value, charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.budget.view import BudgetView

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


def install_budget_tab(window: MainWindow) -> BudgetView:
    """Add the Budget tab to ``window`` and have it follow the window's file and project."""
    view = BudgetView(window)
    window.add_view("Budget", view)
    window.documentChanged.connect(view.set_document)
    window.projectChanged.connect(view.set_project)
    return view


__all__ = ["BudgetView", "install_budget_tab"]
