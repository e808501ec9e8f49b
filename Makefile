# The two commands of the README.
#   make run   - installs what is missing, starts PostgreSQL, Redis, Celery and the web server with demo data
#   make test  - installs what is missing and runs the whole suite on a throwaway PostgreSQL and Redis
.PHONY: run test bench lint
PYTHON ?= python3

run:
	@scripts/bootstrap.sh run
	@.venv/bin/python scripts/with_services.py --data var/dev -- scripts/run.sh

test:
	@scripts/bootstrap.sh test
	@.venv/bin/python scripts/with_services.py --throwaway -- scripts/test.sh $(ARGS)

bench:
	@scripts/bootstrap.sh test
	@.venv/bin/python scripts/with_services.py --throwaway -- sh -c "TILSYN_TESTING=true TILSYN_BENCH=1 .venv/bin/pytest tests/bench -s $(ARGS)"

lint:
	@.venv/bin/ruff check .
