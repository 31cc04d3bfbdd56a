PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

# $(call score_pdfs,DIR,OUT): ingest each DIR/*.pdf alone into OUT/<name>, print its overall F1.
score_pdfs = mkdir -p $(2) && for f in $(1)/*.pdf; do b=$$(basename $$f .pdf); \
	  $(BIN)/rlist ingest $$f --out $(2)/$$b >/dev/null 2>&1; \
	  $(PY) ../shared/tools/score.py ../shared/gold/$${b%%.*}.json $(2)/$$b/documents/$$b.json | tail -1 | sed "s|^|$$b: |"; done

.PHONY: setup run test lint golden score fuzz signals bench pdf-bench pdf-score pdf-holdout synth-variants dump-score power-sheets analyst-bench profile budget evaluate clean

$(BIN)/rlist: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dask]'
	touch $(BIN)/rlist

setup: $(BIN)/rlist

run: setup  ## set up, then ingest the samples into out/ (then: .venv/bin/rlist, or source .venv/bin/activate)
	$(BIN)/rlist ingest samples/*.txt --out $(OUT)

test: setup  ## set up, then run the linter and the test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests bench

golden: setup  ## regenerate tests/golden/ (samples, diffs, per-format models); review with git diff
	$(BIN)/python -m tests.make_golden
	$(BIN)/python -m rlist_ingest.exports.dictionary docs/data-dictionary.md

score: run  ## score the samples against ../shared/gold
	for n in hongjiang xinhe renxian; do $(PY) ../shared/tools/score.py ../shared/gold/$$n.json $(OUT)/documents/$$n.json; done

fuzz: setup  ## 10,000 Hypothesis mutations of the samples (issue: bad input)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10000} FUZZ_BINARY_EXAMPLES=$${FUZZ_BINARY_EXAMPLES:-2000} FUZZ_PDF_EXAMPLES=$${FUZZ_PDF_EXAMPLES:-500} FUZZ_DOC_EXAMPLES=$${FUZZ_DOC_EXAMPLES:-40} \
	  $(BIN)/pytest -q tests/test_fuzz.py tests/test_fuzz_formats.py --hypothesis-show-statistics

signals: setup  ## SIGINT and SIGTERM at 50 random moments each of a 300-file ingest (issue: safe outputs)
	SIGNAL_TRIES=$${SIGNAL_TRIES:-50} $(BIN)/pytest -q -s tests/test_signals.py

bench: setup  ## benchmarks (timings are printed, never asserted)
	$(BIN)/pip install -q -e '.[test,dask,bench]'
	bash -o pipefail -c '$(BIN)/python -m bench.cluster_bench | tee bench/results/cluster_bench.txt'
	bash -o pipefail -c '$(BIN)/python -m bench.ingest_bench | tee bench/results/ingest_bench.txt'
	bash -o pipefail -c '$(BIN)/python -m bench.formats_bench | tee bench/results/formats_bench.txt'
	bash -o pipefail -c '$(BIN)/python -m bench.pdf_bench | tee bench/results/pdf_bench.txt'

pdf-bench: setup  ## PDF pages/s against pdftotext and plain pdfplumber, profile, peak RSS on 400 pages
	bash -o pipefail -c '$(BIN)/python -m bench.pdf_bench | tee bench/results/pdf_bench.txt'

synth-variants: setup  ## F1 and precision of rlist synth documents per layout variant (bench/results/synth_variants.txt)
	bash -o pipefail -c '$(BIN)/python -m bench.synth_variants 400 7 | tee bench/results/synth_variants.txt'

analyst-bench: setup  ## sizes and times of each export, the report and compare at 1,000 synthetic documents
	bash -o pipefail -c '$(BIN)/python -m bench.analyst_bench 1000 | tee bench/results/analyst_bench.txt'

power-sheets: setup  ## per sheet of the real power lists (../shared/real/karamay): powers, 子项, residue
	bash -o pipefail -c '$(BIN)/python -m bench.power_sheets ../shared/real/karamay | tee bench/results/power_sheets.txt'

dump-score: setup  ## score the real-tool text dumps (tests/data/dumps) and other departments' lists, one line each
	bash -o pipefail -c '$(BIN)/python -m bench.score_dir tests/data/dumps tests/data/departments | tee bench/results/dump_score.txt'

pdf-score: setup  ## score every committed PDF (tests/data/pdf) against ../shared/gold, one line each
	rm -rf $(OUT)/pdf-score && $(call score_pdfs,tests/data/pdf,$(OUT)/pdf-score)

pdf-holdout: setup  ## print the held-out PDF variants (Chromium, LibreOffice) and score each against ../shared/gold
	rm -rf $(OUT)/pdf-holdout && $(BIN)/python -m tests.make_pdf_fixtures --holdout $(OUT)/pdf-holdout/pdf
	$(call score_pdfs,$(OUT)/pdf-holdout/pdf,$(OUT)/pdf-holdout)

profile: setup  ## where ingest time goes (py-spy samples of a worker's per-file work)
	$(BIN)/pip install -q -e '.[test,dask,bench]'
	bash -o pipefail -c '$(BIN)/python -m bench.profile_ingest | tee bench/results/profile_ingest.txt'

budget: setup  ## CPU per document by part, against the 5 MB/s-per-core budget, and the output floor
	$(BIN)/pip install -q -e '.[test,dask,bench]'
	bash -o pipefail -c '$(BIN)/python -m bench.budget | tee bench/results/budget.txt'

evaluate: setup  ## tokenisation and threshold on the labelled pairs
	$(BIN)/python -m rlist_ingest.evaluate

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
