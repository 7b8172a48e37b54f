"""Every user edit as a pure command; the Document applies them one transaction each."""

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
