#pragma once

#include <cstdio>
#include <cstdlib>

/*! A broken contract is a finding as much as a crash: abort, so libFuzzer keeps the input. */
inline void fuzzRequire(bool condition, const char *contract)
{
    if (!condition) {
        std::fprintf(stderr, "contract broken: %s\n", contract);
        std::abort();
    }
}
