"""The file's schema and its ordered migrations, versioned by ``PRAGMA user_version``.

Migrations are appended, never edited once shipped. Each runs inside the one transaction
that also bumps ``user_version``, so a crash mid-migration leaves the old version intact.
Foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: an edit is checked as a whole at
commit, so rows can be written in any order within it (a parent task after its child).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

#: "PSMT" as a big-endian integer: marks the SQLite file as a Plansmith store.
APPLICATION_ID = 0x50534D54

FK = "DEFERRABLE INITIALLY DEFERRED"

_M001 = f"""
CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    week TEXT NOT NULL,
    exceptions TEXT NOT NULL DEFAULT '[]',
    work_weeks TEXT NOT NULL DEFAULT '[]',
    base_id INTEGER REFERENCES calendars(id) {FK},
    uid INTEGER,
    project_id INTEGER REFERENCES projects(id) {FK}
);
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    start TEXT NOT NULL,
    calendar_id INTEGER REFERENCES calendars(id) {FK},
    finish TEXT,
    schedule_from_finish INTEGER NOT NULL DEFAULT 0,
    status_date TEXT,
    currency TEXT NOT NULL DEFAULT 'EUR',
    currency_digits INTEGER NOT NULL DEFAULT 2,
    minutes_per_day INTEGER NOT NULL DEFAULT 480,
    minutes_per_week INTEGER NOT NULL DEFAULT 2400,
    days_per_month INTEGER NOT NULL DEFAULT 20,
    default_start_minute INTEGER NOT NULL DEFAULT 480,
    default_finish_minute INTEGER NOT NULL DEFAULT 1020,
    critical_slack_minutes INTEGER NOT NULL DEFAULT 0,
    priority INTEGER NOT NULL DEFAULT 500,
    position INTEGER NOT NULL DEFAULT 0,
    approved_budget TEXT NOT NULL DEFAULT '0',
    contingency TEXT NOT NULL DEFAULT '0',
    manager TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT ''
);
CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    contract_ref TEXT NOT NULL DEFAULT '',
    payment_terms_days INTEGER NOT NULL DEFAULT 30
);
CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'work',
    project_id INTEGER REFERENCES projects(id) {FK},
    uid INTEGER,
    initials TEXT NOT NULL DEFAULT '',
    "group" TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    material_label TEXT NOT NULL DEFAULT '',
    max_units REAL NOT NULL DEFAULT 1.0,
    standard_rate TEXT NOT NULL DEFAULT '0',
    standard_rate_unit TEXT NOT NULL DEFAULT 'h',
    overtime_rate TEXT NOT NULL DEFAULT '0',
    cost_per_use TEXT NOT NULL DEFAULT '0',
    calendar_id INTEGER REFERENCES calendars(id) {FK},
    supplier_id INTEGER REFERENCES suppliers(id) {FK},
    available_from TEXT,
    available_to TEXT,
    notes TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT ''
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) {FK},
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES tasks(id) {FK},
    position INTEGER NOT NULL DEFAULT 0,
    uid INTEGER,
    duration_minutes INTEGER NOT NULL DEFAULT 480,
    duration_unit TEXT NOT NULL DEFAULT 'd',
    milestone INTEGER NOT NULL DEFAULT 0,
    manual INTEGER NOT NULL DEFAULT 0,
    manual_start TEXT,
    manual_finish TEXT,
    "constraint" INTEGER NOT NULL DEFAULT 0,
    constraint_date TEXT,
    deadline TEXT,
    percent_complete INTEGER NOT NULL DEFAULT 0
        CHECK (percent_complete BETWEEN 0 AND 100),
    actual_start TEXT,
    actual_finish TEXT,
    remaining_minutes INTEGER,
    splits TEXT NOT NULL DEFAULT '[]',
    priority INTEGER NOT NULL DEFAULT 500,
    notes TEXT NOT NULL DEFAULT '',
    deliverable INTEGER NOT NULL DEFAULT 0,
    calendar_id INTEGER REFERENCES calendars(id) {FK},
    task_type INTEGER NOT NULL DEFAULT 0,
    effort_driven INTEGER NOT NULL DEFAULT 0,
    fixed_cost TEXT NOT NULL DEFAULT '0',
    wbs TEXT,
    leveling_delay_minutes INTEGER NOT NULL DEFAULT 0,
    ignore_resource_calendar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_project ON tasks(project_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    predecessor_id INTEGER NOT NULL REFERENCES tasks(id) {FK},
    successor_id INTEGER NOT NULL REFERENCES tasks(id) {FK},
    kind TEXT NOT NULL DEFAULT 'FS' CHECK (kind IN ('FS', 'SS', 'FF', 'SF')),
    lag_minutes INTEGER NOT NULL DEFAULT 0,
    lag_unit TEXT NOT NULL DEFAULT 'd',
    lag_percent INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '',
    UNIQUE (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX links_successor ON links(successor_id);
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) {FK},
    resource_id INTEGER NOT NULL REFERENCES resources(id) {FK},
    uid INTEGER,
    units REAL NOT NULL DEFAULT 1.0,
    work_minutes INTEGER NOT NULL DEFAULT 0,
    actual_work_minutes INTEGER NOT NULL DEFAULT 0,
    contour TEXT NOT NULL DEFAULT 'flat',
    cost TEXT,
    extra TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assignments_task ON assignments(task_id);
CREATE INDEX assignments_resource ON assignments(resource_id);
CREATE TABLE baselines (
    task_id INTEGER NOT NULL REFERENCES tasks(id) {FK},
    number INTEGER NOT NULL CHECK (number BETWEEN 0 AND 10),
    start TEXT,
    finish TEXT,
    duration_minutes INTEGER NOT NULL DEFAULT 0,
    work_minutes INTEGER NOT NULL DEFAULT 0,
    cost TEXT NOT NULL DEFAULT '0',
    PRIMARY KEY (task_id, number)
);
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) {FK},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES accounts(id) {FK}
);
CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) {FK},
    account_id INTEGER NOT NULL REFERENCES accounts(id) {FK},
    amount TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    task_id INTEGER REFERENCES tasks(id) {FK},
    period TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) {FK},
    kind TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    amount TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id) {FK},
    task_id INTEGER REFERENCES tasks(id) {FK},
    supplier_id INTEGER REFERENCES suppliers(id) {FK},
    reference TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    tax TEXT NOT NULL DEFAULT '0',
    status TEXT NOT NULL DEFAULT 'open',
    due_date TEXT,
    settles_id INTEGER REFERENCES ledger(id) {FK}
);
CREATE INDEX ledger_project ON ledger(project_id);
CREATE TABLE schedule_results (
    task_id INTEGER PRIMARY KEY REFERENCES tasks(id) {FK},
    start TEXT NOT NULL,
    finish TEXT NOT NULL,
    early_start TEXT NOT NULL,
    early_finish TEXT NOT NULL,
    late_start TEXT NOT NULL,
    late_finish TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    total_slack_minutes INTEGER NOT NULL,
    free_slack_minutes INTEGER NOT NULL,
    critical INTEGER NOT NULL
);
"""


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run DDL statements one by one: ``executescript`` would COMMIT the open transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema: the whole portfolio, plus the last computed schedule."""
    run_script(db, _M001)


_M002 = """
ALTER TABLE schedule_results ADD COLUMN work_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_results ADD COLUMN percent_complete INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_results ADD COLUMN deadline_missed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_results ADD COLUMN summary INTEGER NOT NULL DEFAULT 0;
CREATE TABLE schedule_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    engine TEXT NOT NULL
);
"""


def m002_reusable_schedule(db: sqlite_utils.Database) -> None:
    """Store every field of a task's computed record, and whether the set is current.

    Opening a big file then shows the stored dates instead of rescheduling first. The
    single ``schedule_stamp`` row exists only while ``schedule_results`` holds the whole
    schedule of the stored plan, as computed by the engine it names; files migrated from
    version 1 have none, so their first open computes and stores a full schedule.
    """
    run_script(db, _M002)


#: Ordered; the schema version of a file is the number of migrations applied to it.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    m001_initial,
    m002_reusable_schedule,
)

SCHEMA_VERSION = len(MIGRATIONS)
