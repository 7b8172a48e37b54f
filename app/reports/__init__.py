"""Read-only views of a portfolio for people and other programs: JSON, tables, figures."""
