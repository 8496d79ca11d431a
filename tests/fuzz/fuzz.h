/*
 * fuzz.h - what every fuzz target and the replay driver share. A target
 * defines LLVMFuzzerTestOneInput (and may define fuzz_init); libFuzzer
 * drives it under clang, and replay.c runs a corpus through it as an
 * ordinary test under any compiler.
 */
#ifndef CAREC_TESTS_FUZZ_H
#define CAREC_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
