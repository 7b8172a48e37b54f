"""Plansmith's core: domain model, scheduling, store, import/export, budget and reports.

Nothing under ``app`` imports Qt (a test enforces it), so the core can be used and
tested from the command line and from plain pytest. The one exception is the CLI,
which imports ``widgets`` inside the functions that render PDF or PNG.
"""

__version__ = "0.1.0"
