# rakorbot — the two set-up commands are `make run` and `make test`.
# Both install what is missing first (Debian packages via apt-get).

SWIFT      ?= swift
CONFIG     ?= debug
BIN        := .build/$(CONFIG)/rakorbot
DATA       ?= ./data
# The shipped elections are in the past; the demo fixes "today" so /tenggat has
# something ahead of it. `make run RAKOR_NOW=` runs on the real clock.
RAKOR_NOW  ?= 2024-11-20T09:00:00+08:00
APT_PACKAGES := librdkafka-dev kcat libsqlite3-dev pkg-config
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test reliability bench fuzz clean help

all: build

help:
	@echo "make run    install what is missing, start the bot on the embedded Kafka cluster and SQLite"
	@echo "make test   install what is missing, build and run the whole test suite"
	@echo "make reliability  build, run only the crash, broker-fault, shutdown, backpressure and hostile-input suites"
	@echo "make bench  release build, run the W0–W3 benchmark, print a table and a JSON line"
	@echo "make fuzz   run the libFuzzer targets for a bounded time"

# Installs the Debian packages the build and the tests need, only if missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

run: build
	@mkdir -p $(DATA)
	RAKOR_NOW="$(RAKOR_NOW)" $(BIN) serve --data $(DATA) --bootstrap-file $(DATA)/bootstrap

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The reliability suites alone (they also run in `make test`).
reliability: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter 'CrashRecovery|BrokerFault|Shutdown|Backpressure|HostileInput'

bench: deps
	$(SWIFT) build -c release --product rakorbench
	.build/release/rakorbench

fuzz: deps
	./scripts/fuzz.sh

clean:
	rm -rf .build
