"""The precedence graph: order, summaries as gate + roll-up, and loops named for the user."""

from __future__ import annotations

import pytest

from app.model import LinkKind
from app.schedule import CycleError, schedule
from app.schedule.graph import build_graph, gate
from tests.app.schedule.builder import Builder


def test_order_follows_links_and_containment() -> None:
    b = Builder()
    x = b.task("X", 1)
    s = b.summary("S")
    a = b.task("A", 1, parent_id=s)
    y = b.task("Y", 1)
    b.link(x, s)
    b.link(s, y)
    portfolio = b.build()
    graph = build_graph(portfolio, portfolio.tasks)
    pos = graph.position
    assert graph.summaries == {s}
    assert pos[x] < pos[gate(s)] < pos[a] < pos[s] < pos[y]
    assert set(graph.order) == {x, a, y, s, gate(s)}


def test_order_takes_the_lowest_id_among_tasks_ready_together() -> None:
    """Passes then walk tasks (made and kept in memory in id order) nearly in sequence:
    a task freed by a link comes before higher ids that were waiting already."""
    b = Builder()
    one, two, three, four, five = (b.task(name, 1) for name in "ABCDE")
    b.link(three, two)
    portfolio = b.build()
    assert build_graph(portfolio, portfolio.tasks).order == (one, three, two, four, five)


def test_order_puts_a_summary_gate_before_its_children_and_roll_up() -> None:
    b = Builder()
    s = b.summary("S")
    a = b.task("A", 1, parent_id=s)
    c = b.task("C", 1, parent_id=s)
    portfolio = b.build()
    assert build_graph(portfolio, portfolio.tasks).order == (gate(s), a, c, s)


def test_loop_message_names_each_task_by_name_and_id_in_order() -> None:
    b = Builder()
    a = b.task("Pour", 1)
    c = b.task("Cure", 1)
    d = b.task("Strip", 1)
    after = b.task("Paint", 1)
    b.link(a, c)
    b.link(c, d, LinkKind.SS)
    b.link(d, a, LinkKind.FF)
    b.link(d, after)
    with pytest.raises(CycleError) as info:
        build_graph(b.build(), b.tasks)
    message = str(info.value)
    assert "'Pour' (id 1) -> 'Cure' (id 2) -> 'Strip' (id 3) -> 'Pour' (id 1)" in message
    assert "Paint" not in message
    assert info.value.task_ids == [a, c, d]


def test_task_linked_to_itself_is_a_loop() -> None:
    b = Builder()
    a = b.task("Alone", 1)
    b.link(a, a)
    with pytest.raises(CycleError, match=r"'Alone' \(id 1\)"):
        schedule(b.build())


def test_subtask_driving_its_own_summary_is_a_loop() -> None:
    b = Builder()
    s = b.summary("Phase")
    a = b.task("Step", 1, parent_id=s)
    b.link(a, s)
    with pytest.raises(CycleError) as info:
        build_graph(b.build(), b.tasks)
    assert set(info.value.task_ids) == {s, a}


def test_a_50k_chain_and_a_2000_deep_outline_need_no_recursion() -> None:
    b = Builder()
    parent = None
    for i in range(2_000):
        parent = b.summary(f"S{i}", parent_id=parent)
    deepest = b.task("Deepest", 1, parent_id=parent)
    previous = None
    for i in range(48_000):
        tid = b.task(f"T{i}", 1)
        if previous is not None:
            b.link(previous, tid)
        previous = tid
    portfolio = b.build()
    graph = build_graph(portfolio, portfolio.tasks)
    pos = graph.position
    assert len(graph.summaries) == 2_000
    assert pos[gate(1)] < pos[gate(2_000)] < pos[deepest] < pos[2_000] < pos[1]
    assert all(pos[t] < pos[t + 1] for t in range(deepest + 1, deepest + 48_000))


def test_long_chain_schedules_end_to_end() -> None:
    b = Builder()
    previous = None
    for i in range(3_000):
        tid = b.task(f"T{i}", 1)
        if previous is not None:
            b.link(previous, tid)
        previous = tid
    result = schedule(b.build())
    assert result.tasks[3_000].finish.year == 2035
    assert result.projects[1].critical_path[:2] == (1, 2)
