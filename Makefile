# kpi-report — two entry points: `make report` (the monthly job on Inputs/) and `make test`.
# Each installs the Debian packages it needs when they are missing (Debian bookworm, Swift 6.3.1).

SWIFT      ?= swift
INPUTS     ?= Inputs
OUTPUTS    ?= Outputs
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_PKGS := pkg-config libxlsxwriter-dev libcsv-dev libicu-dev libssl-dev libmimalloc2.0
# Tests: LibreOffice recalculates and renders the workbooks (Thai drawn as Laksaman from fonts-thai-tlwg),
# Gnumeric recalculates them too, pdftotext reads the PDFs, python3 generates units.
TEST_PKGS  := $(BUILD_PKGS) libreoffice-calc-nogui fonts-thai-tlwg gnumeric poppler-utils python3-uno python3

.PHONY: report test build deps-build deps-test bench render clean

report: deps-build
	$(SWIFT) build -c release --product kpi-report
	.build/release/kpi-report build --inputs $(INPUTS) --outputs $(OUTPUTS)

# The tests' temporary folders go under .build (emptied at the start of each run, kept after it for a
# look at what a failing test wrote), not into the machine's /tmp.
TEST_TMP   := $(CURDIR)/.build/test-tmp

test: deps-test
	$(SWIFT) build
	rm -rf $(TEST_TMP) && mkdir -p $(TEST_TMP)
	TMPDIR=$(TEST_TMP) $(SWIFT) test

build: deps-build
	$(SWIFT) build -c release --product kpi-report

deps-build:
	@scripts/apt-ensure $(BUILD_PKGS)

deps-test:
	@scripts/apt-ensure $(TEST_PKGS)

# Speed against the C floor on 500, 2,000 and 20,000 generated units (SIZES="500" for one size; a folder
# of inputs in SIZES is measured as it is).
bench: deps-test
	scripts/bench $(SIZES)

clean:
	rm -rf .build $(OUTPUTS)/*/
