"""The precedence graph the engine walks: tasks, links and summary containment.

Summary tasks take part the way MS Project treats them. Each summary is two nodes:

* its *gate* (node ``-id``), computed before its children: the bounds its own links and
  constraints put on every child ("children inherit their summary's predecessors");
* its *roll-up* (node ``id``), computed after its children: start = earliest child,
  finish = latest child, which is what links *from* the summary use.

A link into a summary therefore points at its gate, a link from a summary leaves its
roll-up node. Everything is iterative (Kahn's algorithm), so 50k-task outlines and long
chains never touch Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.model.portfolio import Portfolio
from app.schedule.working_time import ScheduleError


class CycleError(ScheduleError):
    """The links (with the outline) form a loop; ``task_ids`` lists it in order."""

    def __init__(self, task_ids: list[int], names: list[str] | None = None) -> None:
        """Build the message from the tasks of the loop, by name (when known) and id."""
        self.task_ids = list(task_ids)
        labels = [
            f"{name!r} (id {tid})" if names else f"task id {tid}"
            for tid, name in zip(task_ids, names or [""] * len(task_ids), strict=True)
        ]
        loop = " -> ".join([*labels, labels[0]] if labels else [])
        super().__init__(f"the links form a loop: {loop}; remove one of these links")


def gate(task_id: int) -> int:
    """The node that carries a summary's inherited bounds down to its children."""
    return -task_id


@dataclass(frozen=True, slots=True)
class Graph:
    """Nodes in topological order plus what the engine needs to walk them."""

    order: tuple[int, ...]
    summaries: frozenset[int]
    #: node -> index in ``order``, for incremental reschedules.
    position: dict[int, int]
    #: node -> nodes that must come after it (links, containment).
    successors: dict[int, list[int]]
    #: node -> nodes that must come before it.
    predecessors: dict[int, list[int]]


def build_graph(portfolio: Portfolio, task_ids: Iterable[int]) -> Graph:
    """Order ``task_ids`` (and their gates) so every node follows what drives it.

    Raises:
        CycleError: when links (or links between a summary and its own subtasks) loop.
    """
    ids = sorted(set(task_ids))
    tasks = portfolio.tasks
    id_set = set(ids)
    summaries = frozenset(t.parent_id for t in map(tasks.__getitem__, ids) if t.parent_id in id_set)
    nodes: list[int] = []
    for task_id in ids:
        nodes.append(task_id)
        if task_id in summaries:
            nodes.append(gate(task_id))
    successors: dict[int, list[int]] = {node: [] for node in nodes}
    predecessors: dict[int, list[int]] = {node: [] for node in nodes}
    for source, target in _edges(portfolio, ids, id_set, summaries):
        successors[source].append(target)
        predecessors[target].append(source)
    indegree = {node: len(preds) for node, preds in predecessors.items()}
    order = _kahn(nodes, successors, indegree)
    if len(order) < len(nodes):
        raise _cycle_error(portfolio, order, nodes, predecessors)
    return Graph(
        order=tuple(order),
        summaries=summaries,
        position={node: index for index, node in enumerate(order)},
        successors=successors,
        predecessors=predecessors,
    )


def _edges(
    portfolio: Portfolio, ids: list[int], id_set: set[int], summaries: frozenset[int]
) -> Iterator[tuple[int, int]]:
    """Containment edges (gate(parent) -> child -> roll-up(parent)) and link edges."""
    tasks = portfolio.tasks
    for task_id in ids:
        parent = tasks[task_id].parent_id
        is_summary = task_id in summaries
        if is_summary:
            yield gate(task_id), task_id
        if parent is not None and parent in id_set:
            yield gate(parent), gate(task_id) if is_summary else task_id
            yield task_id, parent
    for link in portfolio.links.values():
        pred, succ = link.predecessor_id, link.successor_id
        if pred in id_set and succ in id_set:
            yield pred, gate(succ) if succ in summaries else succ


def _kahn(
    nodes: list[int], successors: dict[int, list[int]], indegree: dict[int, int]
) -> list[int]:
    """Topological order, keeping the input order among independent nodes."""
    remaining = indegree
    queue = deque(node for node in nodes if remaining[node] == 0)
    order: list[int] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in successors[node]:
            remaining[nxt] -= 1
            if remaining[nxt] == 0:
                queue.append(nxt)
    return order


def _cycle_error(
    portfolio: Portfolio,
    order: list[int],
    nodes: list[int],
    predecessors: dict[int, list[int]],
) -> CycleError:
    """Find one loop among the nodes Kahn could not place, and name its tasks."""
    placed = set(order)
    stuck = [n for n in nodes if n not in placed]
    stuck_set = set(stuck)
    preds = {n: [p for p in predecessors[n] if p in stuck_set] for n in stuck}
    # Every stuck node has a stuck predecessor, so walking backwards must revisit one.
    seen: dict[int, int] = {}
    path: list[int] = []
    node = stuck[0]
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = preds[node][0]
    loop = list(reversed(path[seen[node] :]))
    task_ids: list[int] = []
    for n in loop:
        tid = abs(n)
        if not task_ids or task_ids[-1] != tid:
            task_ids.append(tid)
    if len(task_ids) > 1 and task_ids[0] == task_ids[-1]:
        task_ids.pop()
    first = task_ids.index(min(task_ids))  # start the loop at its lowest id: stable messages
    task_ids = task_ids[first:] + task_ids[:first]
    names = [portfolio.tasks[t].name for t in task_ids]
    return CycleError(task_ids, names)
