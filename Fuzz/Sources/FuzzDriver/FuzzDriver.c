#include "FuzzDriver.h"

// Provided by libFuzzer (linked by -sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

int rakor_fuzz_run(int argc, char **argv, rakor_fuzz_test_one_input test) {
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
