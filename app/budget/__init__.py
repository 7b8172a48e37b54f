"""The budget side: planned cost, the ledger, cost control, earned value, time-phasing.

* ``accounts``: the standard chart of cost accounts (finance's 6xxx codes) and tree helpers;
* ``costing``: planned cost of tasks from assignments and fixed costs, split by kind;
* ``ledger``: cost control (budget, planned, committed, actual, forecast, variance per
  account, task, project and portfolio) and its warnings;
* ``earned_value``: PV, EV, AC and the indices against a baseline at a status date;
* ``spread`` and ``timephased``: money spread over working time, by month, and the S-curve.

Everything is pure and Decimal; charts live in ``app.reports.figures``.
"""
