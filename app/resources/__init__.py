"""Resources across the portfolio: usage against capacity, levelling, dashboard, briefings.

Pure Python on the immutable model and the scheduler's results; the Qt views (resource
usage grid, levelling dialog, portfolio dashboard and timeline, briefing export) sit on:

* ``usage.resource_usage(portfolio, schedule, period, start, finish, resource_ids)``
* ``contours.spread`` (how an assignment's work falls over time, MS Project's contours)
* ``levelling.level_resources(portfolio, LevelOptions(...))`` and the commands in
  ``app.commands.levelling`` (``LevelResources``, ``ClearLevelling``)
* ``dashboard.dashboard(portfolio, schedule)`` and ``dashboard.portfolio_timeline``
* ``briefing.person_briefing(...)`` and ``ical.write_ical(briefing, path)``
"""
