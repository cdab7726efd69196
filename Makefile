# CodeAtlas: `make run` starts the whole stack, `make test` runs every test against real
# PostgreSQL, Redis and a Kafka-protocol broker. Both install what they need first.

UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PYTEST_ARGS ?=

.PHONY: install run test lint typecheck unit bench clean

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --locked --quiet

run: install
	$(UV) run codeatlas-stack run

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck: install
	$(UV) run mypy libs/atlaskit/src services/*/src gateway/src tools/devstack/src
	@for tests in libs/atlaskit/tests services/*/tests gateway/tests tests/e2e bench; do \
		$(UV) run mypy "$$tests" || exit 1; done

test: lint typecheck
	@$(UV) run pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests: that is a failure" >&2; exit 1; fi; \
	exit $$status

unit: install
	$(UV) run pytest -m unit $(PYTEST_ARGS)

bench: install
	$(UV) run python bench/gateway_bench.py

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
