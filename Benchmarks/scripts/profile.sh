#!/bin/sh
# Profiles one rakorbench workload with perf (software clock, so it works in
# VMs without hardware counters) and prints where the CPU time went: by
# thread family and library, then the hottest symbols of the pipeline's
# store-writer thread. This is how BENCHMARKS.md attributes each workload's
# limit (SQLite, kernel I/O, Swift code, librdkafka and the mock broker).
#
#   Benchmarks/scripts/profile.sh W1            # one workload, full size
#   Benchmarks/scripts/profile.sh W2 --quick    # extra flags go to rakorbench
set -eu
workload=${1:?usage: profile.sh W0|W1|W2|W3|W1-1M|W2-1M [rakorbench flags]}
shift
bin=.build/release/rakorbench
[ -x "$bin" ] || swift build -c release --product rakorbench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
perf record -q -e cpu-clock -F 499 -g -o "$out/perf.data" -- "$bin" --workloads "$workload" --json-only "$@" >"$out/result.json"
cat "$out/result.json"
echo
echo "== CPU samples by thread and library (share of all samples of the process) =="
# GRDB's writer queue runs on libdispatch worker threads ("…qos.overcommit");
# the Swift cooperative pool is "…default-qos"; rdk:* are librdkafka's threads
# (rdk:mock is the embedded broker).
perf report -i "$out/perf.data" --no-children -g none --sort comm,dso 2>/dev/null | grep '%' | grep -v '^#' | head -20
echo
echo "== hottest symbols on the store-writer thread (self time) =="
perf report -i "$out/perf.data" --no-children -g none --comm=-qos.overcommit --sort dso,symbol 2>/dev/null \
    | grep '%' | grep -v '^#' | head -25 | cut -c1-160 | swift demangle --simplified
