# The two commands of the README: `make demo` and `make test`. Both install what is
# missing (Debian packages, the .venv), configure, build and run.
SHELL := /bin/bash
BUILD ?= build
SAN_BUILD ?= build-sanitize
BENCH_BUILD ?= build-bench
JOBS ?= 2
VENV := .venv
PY := $(VENV)/bin/python
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")
# The C/C++ toolchain and libraries nd builds against (Debian 12 package names).
DEB_PACKAGES := g++ make cmake ninja-build pkg-config ccache libfmt-dev libgtest-dev libgmock-dev \
                libbenchmark-dev libhwy-dev libfftw3-dev libopenblas-dev liblapacke-dev libeigen3-dev libxtensor-dev \
                libxtensor-blas-dev zlib1g-dev libdlpack-dev gfortran \
                python3 python3-dev python3-venv python3-pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CMAKE_FLAGS := -DND_WERROR=ON -DND_BUILD_FORTRAN=ON -DND_PYTHON=$(CURDIR)/$(PY)

.PHONY: all deps venv build demo test test-sanitize bench clean python-install python-test

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/.stamp: requirements-dev.txt | deps
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.stamp

build: deps venv
	cmake -S . -B $(BUILD) -G "$(GENERATOR)" $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/examples/nd_demo

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory python-test

# The Python package ndcore, built by scikit-build-core into build/python/ (incremental)
# and installed into the project venv; its build tools come from requirements-dev.txt.
python-install: deps venv
	$(PY) -m pip install -q --no-build-isolation --config-settings=cmake.define.ND_PYTHON_WERROR=ON .

python-test: python-install
	$(PY) -m pytest -q python/tests

# The whole suite under AddressSanitizer + UBSan, in its own build directory.
test-sanitize: deps venv
	cmake -S . -B $(SAN_BUILD) -G "$(GENERATOR)" $(CMAKE_FLAGS) -DND_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(SAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS)

# Speed against NumPy, measured in one run: writes bench/results/{results.md,results.json,ratios.png}.
bench: deps venv
	$(PY) -m pip install -q -r bench/requirements.txt
	# Release (-O3) without -Werror: GCC 12 reports false warnings inside libstdc++ at -O3
	# (the warning-checked build is `make test`).
	cmake -S . -B $(BENCH_BUILD) -G "$(GENERATOR)" $(CMAKE_FLAGS) -DND_WERROR=OFF -DND_BUILD_BENCH=ON \
	  -DND_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	$(PY) bench/run.py --bench $(BENCH_BUILD)/bench/nd_bench --fft-bench $(BENCH_BUILD)/bench/nd_fft_bench
	$(PY) bench/run_random.py --bench $(BENCH_BUILD)/bench/nd_random_bench
	$(PY) bench/run_linalg.py --bench $(BENCH_BUILD)/bench/nd_linalg_bench

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(BENCH_BUILD)
