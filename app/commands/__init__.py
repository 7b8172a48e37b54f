"""Every user edit as a pure command; the Document applies them one transaction each.

Commands are imported on first use (PEP 562): ``from app.commands import EditTask``
loads ``app.commands.tasks`` only, so a CLI run that schedules or imports a file does not
pay for the budget, levelling and resource modules (about 0.1 s of start-up).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.commands.assignments import (
        AssignResource,
        SetAssignmentUnits,
        SetAssignmentWork,
        SetTaskDuration,
        UnassignResource,
    )
    from app.commands.base import Batch, Command, EditError
    from app.commands.baselines import ClearBaseline, SaveBaseline
    from app.commands.budget import (
        AddAccount,
        AddBudgetLine,
        AddLedgerEntry,
        AddStandardAccounts,
        AddSupplier,
        DeleteAccount,
        DeleteLedgerEntries,
        DeleteSupplier,
        EditAccount,
        EditLedgerEntry,
        EditSupplier,
        ReviseBudget,
        SetApprovedBudget,
    )
    from app.commands.imports import ImportIntoProject
    from app.commands.levelling import ClearLevelling, LevelResources
    from app.commands.links import EditLink, LinkTasks, SetPredecessors, UnlinkTasks
    from app.commands.projects import AddProject, DeleteProject, EditProject, MergePortfolio
    from app.commands.resources import AddResource, DeleteResources, EditResource, SetTaskResources
    from app.commands.tasks import (
        AddTask,
        DeleteTasks,
        EditTask,
        IndentTasks,
        MoveTasks,
        OutdentTasks,
        move_task_to,
    )

#: Each command's module in this package.
_HOMES = {
    "AddAccount": "budget",
    "AddBudgetLine": "budget",
    "AddLedgerEntry": "budget",
    "AddProject": "projects",
    "AddResource": "resources",
    "AddStandardAccounts": "budget",
    "AddSupplier": "budget",
    "AddTask": "tasks",
    "AssignResource": "assignments",
    "Batch": "base",
    "ClearBaseline": "baselines",
    "ClearLevelling": "levelling",
    "Command": "base",
    "DeleteAccount": "budget",
    "DeleteLedgerEntries": "budget",
    "DeleteProject": "projects",
    "DeleteResources": "resources",
    "DeleteSupplier": "budget",
    "DeleteTasks": "tasks",
    "EditAccount": "budget",
    "EditError": "base",
    "EditLedgerEntry": "budget",
    "EditLink": "links",
    "EditProject": "projects",
    "EditResource": "resources",
    "EditSupplier": "budget",
    "EditTask": "tasks",
    "ImportIntoProject": "imports",
    "IndentTasks": "tasks",
    "LevelResources": "levelling",
    "LinkTasks": "links",
    "MergePortfolio": "projects",
    "MoveTasks": "tasks",
    "OutdentTasks": "tasks",
    "ReviseBudget": "budget",
    "SaveBaseline": "baselines",
    "SetApprovedBudget": "budget",
    "SetAssignmentUnits": "assignments",
    "SetAssignmentWork": "assignments",
    "SetPredecessors": "links",
    "SetTaskDuration": "assignments",
    "SetTaskResources": "resources",
    "UnassignResource": "assignments",
    "UnlinkTasks": "links",
    "move_task_to": "tasks",
}

__all__ = [
    "AddAccount",
    "AddBudgetLine",
    "AddLedgerEntry",
    "AddProject",
    "AddResource",
    "AddStandardAccounts",
    "AddSupplier",
    "AddTask",
    "AssignResource",
    "Batch",
    "ClearBaseline",
    "ClearLevelling",
    "Command",
    "DeleteAccount",
    "DeleteLedgerEntries",
    "DeleteProject",
    "DeleteResources",
    "DeleteSupplier",
    "DeleteTasks",
    "EditAccount",
    "EditError",
    "EditLedgerEntry",
    "EditLink",
    "EditProject",
    "EditResource",
    "EditSupplier",
    "EditTask",
    "ImportIntoProject",
    "IndentTasks",
    "LevelResources",
    "LinkTasks",
    "MergePortfolio",
    "MoveTasks",
    "OutdentTasks",
    "ReviseBudget",
    "SaveBaseline",
    "SetApprovedBudget",
    "SetAssignmentUnits",
    "SetAssignmentWork",
    "SetPredecessors",
    "SetTaskDuration",
    "SetTaskResources",
    "UnassignResource",
    "UnlinkTasks",
    "move_task_to",
]


def __getattr__(name: str) -> Any:
    """Import the module defining ``name`` the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'app.commands' has no attribute {name!r}")
    value = getattr(import_module(f"app.commands.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
