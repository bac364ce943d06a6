# The two commands a newcomer needs. Both set everything up first (Debian packages, .venv/).
.PHONY: demo test setup-demo setup-test setup-bench bench clean

PORT ?= 8000

demo: setup-demo
	.venv/bin/dragoman demo --port $(PORT)

test: setup-test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup-demo:
	@scripts/setup.sh demo

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
	.venv/bin/python bench/lighthouse.py

clean:
	rm -rf var .venv
