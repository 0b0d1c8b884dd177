// Picks the kernel set once, at load time: one x86-64 binary serves every CPU, using AVX-512 or
// AVX2 and FMA where __builtin_cpu_supports finds them and SSE2 (the x86-64 baseline) elsewhere.
// The WebAssembly module has SIMD128 or does not load at all: its set needs no question.
#include <cstring>

#include "kernels.h"

namespace meltysynth {

namespace {

struct Available {
  const KernelSet* sets[6];
  const char* names[6];
};

Available findAvailable() {
  Available a = {};
  size_t count = 0;
#if defined(__wasm__)
  const KernelSet* const candidates[] = {wasmKernels(), scalarKernels()};
#else
  const KernelSet* const candidates[] = {avx512Kernels(), avx2Kernels(), sse2Kernels(), neonKernels(),
                                         scalarKernels()};
#endif
  for (const KernelSet* set : candidates) {
    if (set == nullptr) continue;
    a.sets[count] = set;
    a.names[count] = set->name;
    count++;
  }
  return a;
}

const Available& available() {
  static const Available a = findAvailable();
  return a;
}

}  // namespace

const KernelSet& bestKernels() { return *available().sets[0]; }

const KernelSet* kernelsByName(const char* name) {
  for (const KernelSet* set : available().sets) {
    if (set != nullptr && std::strcmp(set->name, name) == 0) return set;
  }
  return nullptr;
}

const char* const* availableKernelNames() { return available().names; }

}  // namespace meltysynth
