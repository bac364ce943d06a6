# The two commands a newcomer needs. Both set everything up first (Debian packages, .venv/).
.PHONY: demo test setup-demo setup-test bench clean

PORT ?= 8000

demo: setup-demo
	.venv/bin/dragoman demo --port $(PORT)

test: setup-test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup-demo:
	@scripts/setup.sh demo

setup-test:
	@scripts/setup.sh test

bench: setup-test
	.venv/bin/python bench/markup.py

clean:
	rm -rf var .venv
