// The per-sample kernels of the block renderer: plain C++ over pointers and lengths, with no
// knowledge of Node. kernels_scalar.cpp defines them in plain C++; kernels_impl.h writes them
// once over vectors (simd.h), and each instruction set's file (kernels_sse2.cpp,
// kernels_avx2.cpp, kernels_avx512.cpp, kernels_neon.cpp) fills one KernelSet from it;
// kernels.cpp picks the best one the CPU runs, once, at load time.
//
// The semantics are those of lib/kernels/JsBlockRenderer.ts, lib/kernels/ArrayMath.ts,
// lib/synth/Reverb.ts and lib/synth/Chorus.ts, to the bit: every set computes exactly what the
// JavaScript code computes, rounding where it rounds. The biquad therefore runs in double
// precision with float32 state, as JavaScript does; gain ramps add their step sample by sample;
// nothing is contracted into a fused multiply-add unless the product is exact (see the build
// files: -ffp-contract=off).
#pragma once

#include <cstddef>
#include <cstdint>

namespace meltysynth {

// The oscillator's fixed-point position has 24 fraction bits, as in MeltySynth.
constexpr int kFracBits = 24;
constexpr int64_t kFracUnit = int64_t{1} << kFracBits;
constexpr int64_t kFracMask = kFracUnit - 1;

// The block renderer hands the biquad up to this many voices at once: its recursion is serial,
// so only other voices can fill the wait for the previous output (with AVX-512, all 16 in the
// lanes of one vector).
constexpr size_t kBiquadLanes = 16;

// Freeverb's comb filters: 8 per channel, run side by side in SIMD lanes.
constexpr size_t kCombsPerChannel = 8;
constexpr size_t kCombCount = 2 * kCombsPerChannel;
constexpr size_t kAllPassesPerChannel = 4;
constexpr size_t kReverbLineCount = 2 * (kCombsPerChannel + kAllPassesPerChannel);

// Sinc interpolation reads the 8 points data[i - 3] to data[i + 4] through a table of 256
// phases (the fraction's top 8 bits): each row holds the 8 coefficients at its phase, then the
// 8 steps to the next phase's, which the fraction's low 16 bits scale (fillSincTable).
constexpr size_t kSincPoints = 8;
constexpr size_t kSincPhases = 256;
constexpr size_t kSincRow = 2 * kSincPoints;
constexpr size_t kSincTableLength = kSincPhases * kSincRow;

// One voice's oscillator for one block. The renderer has checked that every sample it reads is
// inside the wave data (see BlockRenderer::validateVoice).
struct Oscillator {
  int64_t position;  // in 1/2^24 samples; the kernel advances it
  int64_t step;      // in 1/2^24 samples per output sample, >= 0
  bool looping;
  int32_t end;        // exclusive end of the sample when not looping
  int32_t startLoop;  // loop start, when looping
  int32_t endLoop;    // exclusive loop end, when looping
  // Whether the loop has come round at least once: cubic and sinc interpolation then read the
  // loop's end before its start. Their kernels set it; linear interpolation does not need it.
  bool looped;
  // kSincTableLength coefficients (fillSincTable), read by the sinc kernel only.
  const float* sincTable;
};

// One voice's low-pass filter: the textbook coefficients b0, b1, b2, a1, a2, each already divided
// by the textbook a0, then the history.
struct Biquad {
  float b0, b1, b2, a1, a2;
  float x1, x2, y1, y2;
};

// The comb filters' parameters and state, for one stretch of samples in which no delay line
// wraps: line[c] points at comb c's current position (left combs, then right combs).
struct CombBank {
  float* line[kCombCount];
  float store[kCombCount];
  float feedback, damp1, damp2;
};

struct KernelSet {
  const char* name;
  // destination[t] += a * x[t]
  void (*multiplyAdd)(float a, const float* x, float* destination, size_t n);
  // destination[t] += a * x[t], with a += step after every sample (ArrayMath.multiplyAddSlope)
  void (*multiplyAddSlope)(float a, float step, const float* x, float* destination, size_t n);
  // rows[r][t] = the gain of ramp r at sample t: start[r], then step[r] added t times, rounded
  // to float each time. Many ramps at once, so their serial additions overlap.
  void (*rampGains)(const float* start, const float* step, size_t count, float* const* rows, size_t n);
  // destination[t] += gains[t] * x[t]
  void (*multiplyAddGains)(const float* gains, const float* x, float* destination, size_t n);
  // Filters rows[v][0..n) in place with filters[v], for v < count (1..kBiquadLanes).
  void (*biquad)(float* const* rows, Biquad* const* filters, size_t count, size_t n);
  // Writes n samples of linear interpolation into out and advances o.position.
  void (*oscillator)(const int16_t* data, Oscillator& o, float* out, size_t n);
  // The same with 4-point cubic interpolation (see cubicSample in kernels_scalar.cpp).
  void (*cubicOscillator)(const int16_t* data, Oscillator& o, float* out, size_t n);
  // The same with 8-point windowed sinc interpolation (see sincSample in kernels_scalar.cpp).
  void (*sincOscillator)(const int16_t* data, Oscillator& o, float* out, size_t n);
  // Runs the 16 comb filters over in[0..n) (no line wraps within n samples); overwrites left
  // and right with the sum of each channel's 8 combs.
  void (*combs)(CombBank& bank, const float* in, float* left, float* right, size_t n);
  // One all-pass filter over block[0..n) in place; line points at its current position and
  // does not wrap within n samples.
  void (*allPass)(float* line, float feedback, float* block, size_t n);
};

// Each set, or nullptr where this build or this CPU lacks the instruction set.
const KernelSet* scalarKernels();
const KernelSet* sse2Kernels();
const KernelSet* avx2Kernels();
const KernelSet* avx512Kernels();
const KernelSet* neonKernels();
// Defined only in the WebAssembly build (kernels_wasm.cpp).
const KernelSet* wasmKernels();

// The fastest set this CPU runs, chosen once.
const KernelSet& bestKernels();
// The set with this name ("avx512", "avx2", "sse2", "neon", "wasm-simd128", "scalar") if this CPU runs it, else
// nullptr.
const KernelSet* kernelsByName(const char* name);
// Names of the sets this CPU runs, fastest first, terminated by nullptr.
const char* const* availableKernelNames();

// Every set's oscillator is this driver with its own span function: the driver finds each
// stretch of samples that reads data[i] and data[i + 1] with no loop wrap and no end in
// between, hands it to span, and does the samples between stretches itself. A span may also
// read anything up to data[lastReadable] (the last sample the renderer checked), but no further.
using OscillatorSpan = void (*)(const int16_t* data, int64_t position, int64_t step, float* out, size_t n,
                                int64_t lastReadable);
void runOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, OscillatorSpan span);

// Catmull-Rom interpolation through s0..s3 (data[i - 1] to data[i + 2]) at frac / 2^24 past s1.
float cubicSample(int32_t s0, int32_t s1, int32_t s2, int32_t s3, int64_t frac);

// The drivers of the oscillators that read beyond the two points around the position (cubic:
// data[i - 1] to data[i + 2]; sinc: data[i - 3] to data[i + 4]): each hands span the stretches
// whose points are all plain reads (no loop seam, sample start or end among them) and does the
// samples between stretches itself. A span may read up to data[lastReadable], no further.
using CubicSpan = OscillatorSpan;
void runCubicOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, CubicSpan span);
using SincSpan = void (*)(const int16_t* data, const float* table, int64_t position, int64_t step, float* out,
                          size_t n);
void runSincOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, SincSpan span);

// The 8 points data[i - 3] to data[i + 4] through the Blackman-windowed sinc at frac / 2^24 past
// data[i] (table: fillSincTable's).
float sincSample(const float* table, const int32_t* points, int64_t frac);

// Fills table (kSincTableLength floats) as lib/kernels/SincTable.ts fills its own, to the bit.
void fillSincTable(float* table);

}  // namespace meltysynth
