# Two entry points for a newcomer: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
TARGET ?= deepseek-r1

.PHONY: run test lint browser-deps bench outputs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

## run: the DeepSeek-R1 reading order, its checklist (out/deepseek-r1.md) and graph (out/graph.html)
run: $(VENV)/.installed
	$(BIN)/lineage check
	$(BIN)/lineage order $(TARGET)
	$(BIN)/lineage order $(TARGET) --format markdown -o out/$(TARGET).md
	$(BIN)/lineage render $(TARGET) -o out/graph.html

## browser-deps: Debian's Chromium for the browser tests and Graphviz for the DOT test (only when root and missing)
browser-deps:
	@if { [ ! -x /usr/bin/chromium ] || ! command -v dot >/dev/null; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and graphviz (Debian packages) for the browser and DOT tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium graphviz >/dev/null) \
		  || echo "WARNING: could not install chromium/graphviz; browser and DOT tests will be skipped"; \
	fi

## test: lint, then the whole suite (unit, property, CLI, data, browser)
test: $(VENV)/.installed-test browser-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

## bench: the speed and scale benchmark (not part of `make test`); writes out/bench.md
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

## outputs: every command's output on the shipped graph into OUT (default out/outputs); diff two runs with `diff -r`
outputs: $(VENV)/.installed
	bench/outputs.sh $(or $(OUT),out/outputs)

clean:
	rm -rf $(VENV) out/*.html out/*.md out/*.png
