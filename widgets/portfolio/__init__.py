"""The Portfolio tab of the main window: the dashboard of all projects and their timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.portfolio.view import PortfolioView

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


def install_portfolio_tab(window: MainWindow) -> PortfolioView:
    """Add the Portfolio tab to ``window`` and have it follow the window's file."""
    view = PortfolioView(window)
    window.add_view("Portfolio", view)
    window.documentChanged.connect(view.set_document)
    return view


__all__ = ["PortfolioView", "install_portfolio_tab"]
