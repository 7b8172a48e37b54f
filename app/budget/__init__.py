"""Cost: labour and material from assignments, fixed costs, and the project ledger."""
