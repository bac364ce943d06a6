"""Editorial rules: filters (which extracted entries are worth translating) and rewrite rules (what of an
extracted article reaches the engine), global, per domain or per source (docs/rules.md).

The matching and rewriting are plain Python (``patterns``, ``filtering``, ``rewriting``: no Django, held by the
"cores" contract); ``models`` stores the rules, validated when saved; ``applying`` reads the rules that apply to
an entry and runs them for the pipeline's extract step; ``admin`` edits them, a rewrite rule previewed on an
article before it is saved.
"""
