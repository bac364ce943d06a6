# The commands a newcomer needs. Each sets up first what it needs (Debian packages, .venv/).
.PHONY: demo check test setup-demo setup-check setup-test setup-bench bench clean

PORT ?= 8000

demo: setup-demo
	.venv/bin/dragoman demo --port $(PORT)

# The fast tier: every test but the browser, services and slow ones, which pytest reports as deselected.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set (__pycache__/ is git-ignored): compiling and
# rewriting the asserts of every test module again takes longer than a warm run of the whole tier.
FAST = not browser and not services and not slow

check: setup-check
	env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest -n 2 -m "$(FAST)" $(PYTEST_ARGS)

# Every test, every tier (what CI runs: .ci/run), in two processes: most of the slow tests wait on servers and
# subprocesses rather than compute. Each file runs whole in one process (a module's server starts once).
test: setup-test
	.venv/bin/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

setup-demo:
	@scripts/setup.sh demo

setup-check:
	@scripts/setup.sh check

setup-test:
	@scripts/setup.sh test

setup-bench:
	@scripts/setup.sh bench

# Benchmarks print ratios measured side by side in one run (see bench/README.md).
bench: setup-bench
	.venv/bin/python bench/markup.py
	.venv/bin/python bench/names.py
	.venv/bin/python bench/extract.py
	.venv/bin/python bench/scale.py
	.venv/bin/python bench/search.py
	.venv/bin/python bench/lighthouse.py

clean:
	rm -rf var .venv
