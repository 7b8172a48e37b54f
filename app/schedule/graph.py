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

from collections.abc import Iterable
from heapq import heapify, heappop, heappush

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


class Graph:
    """Nodes in topological order plus what the engine needs to walk them.

    ``position`` and ``predecessors`` are built on first use: a full run walks only
    ``order`` and ``successors`` (incremental reschedules use ``position``; levelling
    uses ``predecessors``), and a list per node less is a measurable share of a
    50k-task run.
    """

    __slots__ = ("_position", "_predecessors", "order", "successors", "summaries")

    def __init__(
        self, order: tuple[int, ...], summaries: frozenset[int], successors: dict[int, list[int]]
    ) -> None:
        """``successors``: node -> nodes that must come after it (links, containment)."""
        self.order = order
        self.summaries = summaries
        self.successors = successors
        self._position: dict[int, int] | None = None
        self._predecessors: dict[int, list[int]] | None = None

    @property
    def position(self) -> dict[int, int]:
        """node -> index in ``order``, for incremental reschedules."""
        if self._position is None:
            self._position = {node: index for index, node in enumerate(self.order)}
        return self._position

    @property
    def predecessors(self) -> dict[int, list[int]]:
        """node -> nodes that must come before it."""
        if self._predecessors is None:
            predecessors: dict[int, list[int]] = {node: [] for node in self.order}
            for node in self.order:
                for nxt in self.successors[node]:
                    predecessors[nxt].append(node)
            self._predecessors = predecessors
        return self._predecessors


def build_graph(portfolio: Portfolio, task_ids: Iterable[int]) -> Graph:
    """Order ``task_ids`` (and their gates) so every node follows what drives it.

    Raises:
        CycleError: when links (or links between a summary and its own subtasks) loop.
    """
    ids = sorted(set(task_ids))
    tasks = portfolio.tasks
    id_set = set(ids)
    parents = [tasks[task_id].parent_id for task_id in ids]
    summaries = frozenset(parent for parent in parents if parent in id_set)
    nodes: list[int] = []
    for task_id in ids:
        nodes.append(task_id)
        if task_id in summaries:
            nodes.append(gate(task_id))
    successors: dict[int, list[int]] = {node: [] for node in nodes}
    indegree = dict.fromkeys(nodes, 0)
    _add_edges(portfolio, ids, parents, id_set, summaries, successors, indegree)
    order = _kahn(nodes, successors, indegree)
    if len(order) < len(nodes):
        # Rare: list the edges again, in their usual order, to name one loop.
        predecessors: dict[int, list[int]] = {node: [] for node in nodes}
        for source, target in _edges(portfolio, ids, parents, id_set, summaries):
            predecessors[target].append(source)
        raise _cycle_error(portfolio, order, nodes, predecessors)
    return Graph(order=tuple(order), summaries=summaries, successors=successors)


def _add_edges(
    portfolio: Portfolio,
    ids: list[int],
    parents: list[int | None],
    id_set: set[int],
    summaries: frozenset[int],
    successors: dict[int, list[int]],
    indegree: dict[int, int],
) -> None:
    """Enter the edges of ``_edges`` into ``successors`` and ``indegree`` directly.

    The same edges in the same order, without a (source, target) tuple per edge: the
    build of a 50k-task graph spends about half its time here.
    """
    for task_id, parent in zip(ids, parents, strict=True):
        is_summary = task_id in summaries
        if is_summary:
            successors[-task_id].append(task_id)  # gate -> roll-up
            indegree[task_id] += 1
        if parent is not None and parent in id_set:
            child = -task_id if is_summary else task_id
            successors[-parent].append(child)  # the parent's gate -> the child
            indegree[child] += 1
            successors[task_id].append(parent)  # the child -> the parent's roll-up
            indegree[parent] += 1
    for link in portfolio.links.values():
        pred, succ = link.predecessor_id, link.successor_id
        if pred in id_set and succ in id_set:
            target = -succ if succ in summaries else succ  # a link into a summary: its gate
            successors[pred].append(target)
            indegree[target] += 1


def _edges(
    portfolio: Portfolio,
    ids: list[int],
    parents: list[int | None],
    id_set: set[int],
    summaries: frozenset[int],
) -> list[tuple[int, int]]:
    """Containment edges (gate(parent) -> child -> roll-up(parent)) and link edges."""
    edges: list[tuple[int, int]] = []
    add = edges.append
    for task_id, parent in zip(ids, parents, strict=True):
        is_summary = task_id in summaries
        if is_summary:
            add((gate(task_id), task_id))
        if parent is not None and parent in id_set:
            add((gate(parent), gate(task_id) if is_summary else task_id))
            add((task_id, parent))
    for link in portfolio.links.values():
        pred, succ = link.predecessor_id, link.successor_id
        if pred in id_set and succ in id_set:
            add((pred, gate(succ) if succ in summaries else succ))
    return edges


def _kahn(
    nodes: list[int], successors: dict[int, list[int]], indegree: dict[int, int]
) -> list[int]:
    """Topological order, taking the lowest task id first among the nodes ready at once.

    Tasks are made, stored and kept in memory in id order, so an order that follows the
    ids wherever the links allow makes the passes over tens of thousands of tasks read
    memory nearly in sequence (a first-in-first-out order jumps about the plan, and at
    50k tasks a pass then waits on memory a fifth of its time). A node's key is twice its
    task id, plus one for a task or a summary's roll-up, so a gate precedes its roll-up.
    """
    remaining = indegree
    ready = [_key(node) for node in nodes if remaining[node] == 0]
    heapify(ready)
    order: list[int] = []
    place = order.append
    while ready:
        key = heappop(ready)
        node = key >> 1 if key & 1 else -(key >> 1)
        place(node)
        for nxt in successors[node]:
            left = remaining[nxt] - 1
            remaining[nxt] = left
            if not left:
                heappush(ready, nxt * 2 + 1 if nxt > 0 else -nxt * 2)  # _key, inlined
    return order


def _key(node: int) -> int:
    """``_kahn``'s sort key of a node (see there)."""
    return node * 2 + 1 if node > 0 else -node * 2


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
