# Entry points for a fresh Debian 12 machine. Each target installs what it needs first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEMO_WORKSPACE ?= $(CURDIR)/$(BUILD_DIR)/demo-workspace

.PHONY: deps configure build run test bench fuzz clean

deps:
	bash scripts/setup-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	bash scripts/run-demo.sh "$(BUILD_DIR)" "$(DEMO_WORKSPACE)"

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh "$(BUILD_DIR)"

# Each libFuzzer target for FUZZ_SECONDS (default 300) from the seed corpus (needs clang).
FUZZ_SECONDS ?= 300
fuzz: deps
	bash scripts/fuzz.sh --build-dir $(BUILD_DIR)/fuzz --seconds $(FUZZ_SECONDS) --jobs $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
