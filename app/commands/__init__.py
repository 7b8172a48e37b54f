"""Every user edit as a pure command; the Document applies them one transaction each."""

from app.commands.base import Batch, Command, EditError
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
    "AddProject",
    "AddResource",
    "AddTask",
    "Batch",
    "Command",
    "DeleteProject",
    "DeleteResources",
    "DeleteTasks",
    "EditError",
    "EditLink",
    "EditProject",
    "EditResource",
    "EditTask",
    "IndentTasks",
    "LinkTasks",
    "MergePortfolio",
    "MoveTasks",
    "OutdentTasks",
    "SetPredecessors",
    "SetTaskResources",
    "UnlinkTasks",
    "move_task_to",
]
