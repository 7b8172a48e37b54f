"""The link cache: culling by row, passing links as columns, and what an edit recomputes."""

from __future__ import annotations

from app.commands import AddProject, AddTask, Batch, LinkTasks
from app.model import Link, LinkKind, Portfolio
from app.schedule import schedule
from app.schedule.result import Schedule
from tests.widgets.driver import START
from widgets.gantt.link_cache import LinkCache
from widgets.gantt.link_routing import Box, Route, route


def plan(rows: int) -> Portfolio:
    """``rows`` tasks in one project; task 1 links to the last one, and 2 to 3."""
    commands = [AddProject("Long", START)]
    commands += [AddTask(1, f"T{n}") for n in range(1, rows + 1)]
    commands += [LinkTasks(1, rows), LinkTasks(2, 3)]
    return Batch(tuple(commands)).apply(Portfolio(), Schedule())


def router(calls: list[int]):
    def route_of(link: Link) -> Route:
        calls.append(link.id)
        x = float(link.predecessor_id * 10)
        pred = Box(x, x + 5, (link.predecessor_id - 1) * 20, 20)
        succ = Box(x + 20, x + 30, (link.successor_id - 1) * 20, 20)
        return route(LinkKind.FS, pred, succ, 10)

    return route_of


def test_links_with_an_end_on_screen_are_routed_and_passing_ones_are_columns() -> None:
    portfolio = plan(100)
    row_of = {task_id: task_id - 1 for task_id in portfolio.tasks}
    cache, calls = LinkCache(), []
    dates = schedule(portfolio).tasks
    layout, x_range = (1, ("zoom",)), (0.0, 500.0)
    seen = cache.visible(portfolio, dates, row_of, layout, range(40, 60), x_range, router(calls))
    assert seen.routes == []
    assert list(seen.passing) == [35.0]  # 1 -> 100 comes down onto 100 at 30 + 10 / 2
    top = cache.visible(portfolio, dates, row_of, layout, range(0, 10), x_range, router(calls))
    assert sorted(link_id for link_id, _, _ in top.routes) == [1, 2]
    assert cache.computed == 2  # link 1's route was kept from the first call
    cache.visible(portfolio, dates, row_of, layout, range(0, 10), x_range, router(calls))
    assert cache.computed == 2


def test_an_edit_recomputes_only_its_tasks_links_and_a_zoom_recomputes_all() -> None:
    portfolio = plan(10)
    row_of = {task_id: task_id - 1 for task_id in portfolio.tasks}
    cache, calls = LinkCache(), []
    dates = schedule(portfolio).tasks
    rows, x_range = range(0, 10), (0.0, 500.0)
    cache.visible(portfolio, dates, row_of, (1, ("zoom",)), rows, x_range, router(calls))
    cache.invalidate_tasks([3])
    cache.visible(portfolio, dates, row_of, (1, ("zoom",)), rows, x_range, router(calls))
    assert calls == [1, 2, 2]
    cache.visible(portfolio, dates, row_of, (1, ("other zoom",)), rows, x_range, router(calls))
    assert sorted(calls[3:]) == [1, 2]


def test_links_off_to_the_side_are_left_out() -> None:
    portfolio = plan(10)
    row_of = {task_id: task_id - 1 for task_id in portfolio.tasks}
    seen = LinkCache().visible(
        portfolio, schedule(portfolio).tasks, row_of, (1, ()), range(0, 10), (400, 900), router([])
    )
    assert seen.routes == []


def chain(rows: int) -> Portfolio:
    """``rows`` tasks linked one to the next, and task 1 to the last (passing the rest)."""
    commands = [AddProject("Chain", START)]
    commands += [AddTask(1, f"T{n}") for n in range(1, rows + 1)]
    commands += [LinkTasks(n, n + 1) for n in range(1, rows)]
    commands += [LinkTasks(1, rows)]
    return Batch(tuple(commands)).apply(Portfolio(), Schedule())


def test_a_paint_within_a_budget_routes_links_on_screen_first_and_the_rest_later() -> None:
    portfolio = chain(30)
    row_of = {task_id: task_id - 1 for task_id in portfolio.tasks}
    dates = schedule(portfolio).tasks
    layout, rows, x_range = (1, ("zoom",)), range(10, 20), (0.0, 2000.0)
    whole = LinkCache().visible(portfolio, dates, row_of, layout, rows, x_range, router([]))
    cache, calls = LinkCache(), []
    seen = cache.visible(portfolio, dates, row_of, layout, rows, x_range, router(calls), 0.0)
    # A spent budget still routes one link a call, one with an end on screen.
    assert not cache.complete and len(calls) == 1 and len(seen.routes) == 1
    assert len(seen.passing) == 0  # the passing link (1 -> 30) waits its turn
    for _ in range(len(whole.routes) + 1):
        seen = cache.visible(portfolio, dates, row_of, layout, rows, x_range, router(calls), 0.0)
    assert cache.complete
    assert seen.routes == whole.routes and list(seen.passing) == list(whole.passing)
    assert len(calls) == len(set(calls)) == len(whole.routes) + 1  # each routed once
