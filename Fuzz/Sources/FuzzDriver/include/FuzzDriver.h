#ifndef RAKOR_FUZZ_DRIVER_H
#define RAKOR_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// One fuzz input; returns 0 (libFuzzer's contract).
typedef int (*rakor_fuzz_test_one_input)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (command line, corpus, -max_total_time, ...) on
/// `test`. SwiftPM renames an executable's entry point to `<Target>_main`
/// and aliases `main` to it, so libFuzzer's own `main` never runs; each
/// target's `<Target>_main` calls this instead.
int rakor_fuzz_run(int argc, char **argv, rakor_fuzz_test_one_input test);

#endif
