"""The JSON API at /api/v1/ (django-ninja): sources, entries, articles, translations and their review, the
glossary, rules, budgets, status and costs, for the tools a newsroom wires to Dragoman; and the API tokens
that sign its requests (:mod:`dragoman.api.tokens`). docs/api.md says how to use it."""
