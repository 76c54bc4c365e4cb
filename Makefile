# The few verbs people expect. Every target creates the virtual environment it needs.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo demo-screenshot test lint bench fuzz docs clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pipeline-doctor demo --db demo.duckdb

demo-screenshot: $(STAMP)
	$(BIN)/pipeline-doctor demo --db demo.duckdb -o report.html
	$(BIN)/python -m pipeline_doctor.views.screenshot report.html report.png
	cp report-first-screen.png docs/report-first-screen.png

test: $(STAMP)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

fuzz: $(STAMP)
	PIPELINE_DOCTOR_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-3000} $(BIN)/pytest -p no:xdist \
		tests/importers/test_property.py --hypothesis-show-statistics -q
	PIPELINE_DOCTOR_FUZZ_EXAMPLES=$${FUZZ_PARITY_EXAMPLES:-300} $(BIN)/pytest -p no:xdist \
		tests/importers/test_direct.py -k combined --hypothesis-show-statistics -q
	PIPELINE_DOCTOR_FUZZ_DEALS=$${FUZZ_DEALS:-3000} $(BIN)/pytest -p no:xdist tests/hostile -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

docs: $(STAMP)
	$(BIN)/python -m pipeline_doctor.model.docs > docs/model.md
	$(BIN)/python -m pipeline_doctor.diagnosis.docs > docs/checks.md
	$(BIN)/python -m pipeline_doctor.importers.core.mapping_docs > docs/mapping.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
