"""Budgets and prices of the translation engines: what each engine costs, the characters each may be sent per
day and per month (per engine, or per engine and source), and the usage counted per engine, source and day
(docs/budgets.md)."""
