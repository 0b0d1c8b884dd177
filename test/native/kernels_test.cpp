// Tests of the native kernels without Node: every kernel set this CPU runs against
// straightforward scalar transcriptions of the JavaScript code, for lengths 0..1030 and
// unaligned starts. The oscillator reads its wave data from the end of a page followed by an
// inaccessible page, so any read past what the renderer checked crashes the test. On an x86-64
// CPU without AVX-512, the AVX-512 set's 16-lane algorithms (kernels_impl.h) are tested too, with
// AVX2 doing the work of each 512-bit instruction.
//
// Build and run: test/native/run-kernel-tests.sh [x64|arm64] [sanitize]
#ifdef _WIN32
#define NOMINMAX
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "block_renderer.h"
#include "effects.h"
#include "kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
#include "kernels_impl.h"

namespace meltysynth {
namespace {

// kernels_avx512.cpp's description with AVX2 instructions: a 64-byte vector is two 32-byte
// halves, and the oscillator loads each lane's pair on its own.
struct SixteenLanes {
  static constexpr size_t kLanes = 16;
  static constexpr size_t kBiquadGroups = 1;
  static constexpr size_t kRecursionLanes = 2;

  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return _mm_fmadd_pd(a, b, c); }
  static Doubles<8> fma(Doubles<8> a, Doubles<8> b, Doubles<8> c) {
    return concat(Doubles<4>(_mm256_fmadd_pd(lowHalf(a), lowHalf(b), lowHalf(c))),
                  Doubles<4>(_mm256_fmadd_pd(highHalf(a), highHalf(b), highHalf(c))));
  }
  static Floats<16> fma(Floats<16> a, Floats<16> b, Floats<16> c) {
    return concat(Floats<8>(_mm256_fmadd_ps(lowHalf(a), lowHalf(b), lowHalf(c))),
                  Floats<8>(_mm256_fmadd_ps(highHalf(a), highHalf(b), highHalf(c))));
  }
  static Ints<16> pairs(const int16_t* data, int64_t, Ints<16> index, bool, int64_t) {
    Ints<16> pair;
    for (size_t j = 0; j < 16; j++) std::memcpy(reinterpret_cast<int32_t*>(&pair) + j, data + index[j], 4);
    return pair;
  }
};

const KernelSet kSixteenLanes = {"avx512 lanes on avx2",        multiplyAdd<SixteenLanes>,
                                 multiplyAddSlope<SixteenLanes>, rampGains<SixteenLanes>,
                                 multiplyAddGains<SixteenLanes>, biquad<SixteenLanes>,
                                 oscillator<SixteenLanes>,       cubicOscillator<SixteenLanes>,
                                 sincOscillator<SixteenLanes>,   combs<SixteenLanes>,
                                 allPass<SixteenLanes>};

}  // namespace
}  // namespace meltysynth

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

using namespace meltysynth;

// Counts heap allocations, to check that rendering a block makes none.
static size_t g_allocations = 0;
void* operator new(size_t size) {
  g_allocations++;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  std::abort();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const std::string& what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    if (failed <= 40) std::printf("FAIL: %s\n", what.c_str());
  }
}

std::string name(const KernelSet& k, const char* test, size_t n, size_t extra = 0) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%s %s n=%zu (%zu)", k.name, test, n, extra);
  return buffer;
}

struct Random {
  uint64_t s;
  explicit Random(uint64_t seed) : s(seed * 0x9e3779b97f4a7c15ull + 1) {}
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  float between(float lo, float hi) { return lo + static_cast<float>(uniform()) * (hi - lo); }
  int64_t below(int64_t n) { return n <= 0 ? 0 : static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }
};

bool sameBits(const float* a, const float* b, size_t n) { return n == 0 || std::memcmp(a, b, n * sizeof(float)) == 0; }

std::vector<const KernelSet*> kernelSets() {
  std::vector<const KernelSet*> sets;
  for (const char* const* name = availableKernelNames(); *name != nullptr; name++) {
    sets.push_back(kernelsByName(*name));
  }
#if defined(__x86_64__)
  if (kernelsByName("avx512") == nullptr && kernelsByName("avx2") != nullptr) sets.push_back(&kSixteenLanes);
#endif
  return sets;
}

// ---- multiply_add, multiply_add_slope ----

void testMultiplyAdd(const KernelSet& k) {
  Random random(1);
  std::vector<float> x(1040), dst(1040), expected(1040);
  for (size_t n = 0; n <= 1030; n++) {
    const size_t xs = n % 4;
    const size_t ds = (n / 4) % 4;
    for (float& v : x) v = random.between(-1, 1);
    for (float& v : dst) v = random.between(-1, 1);
    expected = dst;
    const float a = random.between(-2, 2);
    for (size_t t = 0; t < n; t++) expected[ds + t] += a * x[xs + t];
    k.multiplyAdd(a, x.data() + xs, dst.data() + ds, n);
    check(sameBits(dst.data(), expected.data(), dst.size()), name(k, "multiplyAdd", n));

    expected = dst;
    const float step = random.between(-0.01f, 0.01f);
    float gain = a;
    for (size_t t = 0; t < n; t++, gain += step) expected[ds + t] += gain * x[xs + t];
    k.multiplyAddSlope(a, step, x.data() + xs, dst.data() + ds, n);
    check(sameBits(dst.data(), expected.data(), dst.size()), name(k, "multiplyAddSlope", n));

    expected = dst;
    std::vector<float> gains(n + 4);
    for (float& g : gains) g = random.between(0, 1);
    for (size_t t = 0; t < n; t++) expected[ds + t] += gains[xs + t] * x[xs + t];
    k.multiplyAddGains(gains.data() + xs, x.data() + xs, dst.data() + ds, n);
    check(sameBits(dst.data(), expected.data(), dst.size()), name(k, "multiplyAddGains", n));
  }
}

void testRampGains(const KernelSet& k) {
  Random random(11);
  for (size_t n = 0; n <= 1030; n += (n < 80 ? 1 : 37)) {
    for (size_t count : {size_t{1}, size_t{3}, size_t{8}, size_t{13}, size_t{33}, size_t{80}}) {
      std::vector<float> start(count), step(count);
      std::vector<std::vector<float>> rows(count, std::vector<float>(n + 2, 5.0f));
      std::vector<float*> pointers(count);
      for (size_t r = 0; r < count; r++) {
        start[r] = random.between(0, 1);
        step[r] = random.between(-1, 1) / 64;
        pointers[r] = rows[r].data() + 1;
      }
      k.rampGains(start.data(), step.data(), count, pointers.data(), n);
      bool ok = true;
      for (size_t r = 0; r < count; r++) {
        float a = start[r];
        ok = ok && rows[r][0] == 5.0f && rows[r][n + 1] == 5.0f;
        for (size_t t = 0; t < n; t++, a += step[r]) ok = ok && std::memcmp(&rows[r][t + 1], &a, 4) == 0;
      }
      check(ok, name(k, "rampGains", n, count));
    }
  }
}

// ---- biquad ----

Biquad lowPass(Random& random) {
  const double w = 2 * M_PI * (0.001 + 0.45 * random.uniform());
  const double q = 0.5 + 8 * random.uniform();
  const double alpha = std::sin(w) / (2 * q);
  const double cw = std::cos(w);
  const double a0 = 1 + alpha;
  Biquad f;
  f.b0 = static_cast<float>((1 - cw) / 2 / a0);
  f.b1 = static_cast<float>((1 - cw) / a0);
  f.b2 = f.b0;
  f.a1 = static_cast<float>(-2 * cw / a0);
  f.a2 = static_cast<float>((1 - alpha) / a0);
  f.x1 = random.between(-1, 1);
  f.x2 = random.between(-1, 1);
  f.y1 = random.between(-1, 1);
  f.y2 = random.between(-1, 1);
  return f;
}

// JsBlockRenderer.filter: double arithmetic on float32 coefficients and state.
void referenceBiquad(float* row, Biquad& f, size_t n) {
  for (size_t t = 0; t < n; t++) {
    const float x = row[t];
    const double sum = static_cast<double>(f.b0) * x + static_cast<double>(f.b1) * f.x1 +
                       static_cast<double>(f.b2) * f.x2 - static_cast<double>(f.a2) * f.y2 -
                       static_cast<double>(f.a1) * f.y1;
    const float y = static_cast<float>(sum);
    f.x2 = f.x1;
    f.x1 = x;
    f.y2 = f.y1;
    f.y1 = y;
    row[t] = y;
  }
}

void testBiquad(const KernelSet& k) {
  Random random(2);
  for (size_t n = 0; n <= 1030; n++) {
    const size_t count = 1 + n % kBiquadLanes;
    std::vector<std::vector<float>> rows(count), expected(count);
    std::vector<Biquad> filters(count), expectedFilters(count);
    float* rowPointers[kBiquadLanes];
    Biquad* filterPointers[kBiquadLanes];
    for (size_t v = 0; v < count; v++) {
      const size_t start = (n + v) % 4;
      rows[v].resize(n + 8);
      for (float& s : rows[v]) s = random.between(-1, 1);
      expected[v] = rows[v];
      filters[v] = lowPass(random);
      expectedFilters[v] = filters[v];
      referenceBiquad(expected[v].data() + start, expectedFilters[v], n);
      rowPointers[v] = rows[v].data() + start;
      filterPointers[v] = &filters[v];
    }
    k.biquad(rowPointers, filterPointers, count, n);
    bool ok = true;
    for (size_t v = 0; v < count; v++) {
      ok = ok && sameBits(rows[v].data(), expected[v].data(), n + 8) &&
           std::memcmp(&filters[v], &expectedFilters[v], sizeof(Biquad)) == 0;
    }
    check(ok, name(k, "biquad", n, count));
  }
}

// ---- oscillator ----

// Wave data whose last readable sample ends a page: the next page is inaccessible.
struct GuardedWave {
  void* mapping = nullptr;
  size_t mappingBytes = 0;
  int16_t* data = nullptr;

#ifdef _WIN32
  explicit GuardedWave(size_t length) {
    SYSTEM_INFO system;
    GetSystemInfo(&system);
    const size_t page = system.dwPageSize;
    const size_t bytes = (length * sizeof(int16_t) + page - 1) / page * page;
    mappingBytes = bytes + page;
    mapping = VirtualAlloc(nullptr, mappingBytes, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD previous;
    VirtualProtect(static_cast<char*>(mapping) + bytes, page, PAGE_NOACCESS, &previous);
    data = reinterpret_cast<int16_t*>(static_cast<char*>(mapping) + bytes) - length;
  }
  ~GuardedWave() { VirtualFree(mapping, 0, MEM_RELEASE); }
#else
  explicit GuardedWave(size_t length) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t bytes = (length * sizeof(int16_t) + page - 1) / page * page;
    mappingBytes = bytes + page;
    mapping = mmap(nullptr, mappingBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(static_cast<char*>(mapping) + bytes, page, PROT_NONE);
    data = reinterpret_cast<int16_t*>(static_cast<char*>(mapping) + bytes) - length;
  }
  ~GuardedWave() { munmap(mapping, mappingBytes); }
#endif
};

// JsBlockRenderer.fillOscillator, transcribed with JavaScript's double arithmetic.
void referenceOscillator(const int16_t* data, double& position, double step, bool looping, int32_t end,
                         int32_t startLoop, int32_t endLoop, float* block, size_t n) {
  const double unit = 16777216.0;
  const double toSample = 1.0 / (32768.0 * unit);
  if (!looping) {
    size_t t = 0;
    for (; t < n; t++) {
      const double index = std::floor(position / unit);
      if (index >= end) break;
      const double frac = position - index * unit;
      const double x1 = data[static_cast<size_t>(index)];
      block[t] = static_cast<float>((x1 * unit + frac * (data[static_cast<size_t>(index) + 1] - x1)) * toSample);
      position += step;
    }
    for (; t < n; t++) block[t] = 0;
    return;
  }
  const double loopLength = endLoop - startLoop;
  const double endLoopFp = endLoop * unit;
  const double loopLengthFp = loopLength * unit;
  for (size_t t = 0; t < n; t++) {
    if (position >= endLoopFp) {
      position -= loopLengthFp;
      if (position >= endLoopFp) position = startLoop * unit + std::fmod(position - startLoop * unit, loopLengthFp);
    }
    const double index1 = std::floor(position / unit);
    const double index2 = index1 + 1 >= endLoop ? index1 + 1 - loopLength : index1 + 1;
    const double frac = position - index1 * unit;
    const double x1 = data[static_cast<size_t>(index1)];
    block[t] = static_cast<float>((x1 * unit + frac * (data[static_cast<size_t>(index2)] - x1)) * toSample);
    position += step;
  }
}

// A sample's random end (one-shot) or loop, and how many samples an oscillator may read: up to
// data[end] one-shot, up to the loop's last sample looping. Short samples now and then.
struct SampleBounds {
  int32_t end, startLoop, endLoop;
  size_t readable;
};

SampleBounds randomBounds(Random& random, size_t n, bool looping) {
  const int32_t length = static_cast<int32_t>(2 + random.below(n % 7 == 0 ? 40 : 6000));
  if (looping) {
    const int32_t endLoop = static_cast<int32_t>(1 + random.below(length));
    const int32_t startLoop = static_cast<int32_t>(random.below(endLoop));
    return {0, startLoop, endLoop, static_cast<size_t>(endLoop)};
  }
  const int32_t end = static_cast<int32_t>(1 + random.below(length - 1));
  return {end, 0, 0, static_cast<size_t>(end) + 1};
}

void testOscillator(const KernelSet& k) {
  Random random(3);
  std::vector<float> out(1040), expected(1040);
  for (size_t n = 0; n <= 1030; n++) {
    for (int looping = 0; looping < 2; looping++) {
      // Exactly the samples the oscillator may read are accessible.
      const auto [end, startLoop, endLoop, readable] = randomBounds(random, n, looping != 0);
      GuardedWave wave(readable);
      for (size_t i = 0; i < readable; i++) {
        const int64_t pick = random.below(8);
        wave.data[i] = pick == 0 ? -32768 : pick == 1 ? 32767 : static_cast<int16_t>(random.below(65536) - 32768);
      }
      const int64_t top = looping ? endLoop : end;
      const int64_t stepKind = random.below(6);
      int64_t step = stepKind == 0   ? 0
                     : stepKind == 1 ? random.below(int64_t{1} << 24)
                     : stepKind == 2 ? (int64_t{1} << 24) * (1 + random.below(3))
                     : stepKind == 3 ? random.below(int64_t{1} << 30)
                     : stepKind == 4 ? random.below((top + 2) << 24)  // longer than a short loop
                                     : random.below(int64_t{1} << 26);
      int64_t position = random.below((top + (looping ? 3 * top : 2)) << 24);
      if (random.below(4) == 0) position = (top - 1) << 24 | random.below(int64_t{1} << 24);

      Oscillator o = {position, step, looping != 0, end, startLoop, endLoop, false, nullptr};
      double expectedPosition = static_cast<double>(position);
      const size_t start = n % 4;
      std::fill(out.begin(), out.end(), 7.0f);
      expected = out;
      referenceOscillator(wave.data, expectedPosition, static_cast<double>(step), looping != 0, end, startLoop,
                          endLoop, expected.data() + start, n);
      k.oscillator(wave.data, o, out.data() + start, n);
      check(sameBits(out.data(), expected.data(), out.size()) &&
                static_cast<double>(o.position) == expectedPosition,
            name(k, looping ? "oscillator looping" : "oscillator", n, static_cast<size_t>(step)));
    }
  }
}

// JsBlockRenderer.fillWide, transcribed: the points read by its rules from a double position,
// through cubicSample or, given a table, sincSample.
void referenceWide(const int16_t* data, const float* sincTable, double& position, double step, bool looping,
                   int32_t end, int32_t startLoop, int32_t endLoop, bool& looped, float* block, size_t n) {
  const double unit = 16777216.0;
  const int64_t loopLength = endLoop - startLoop;
  auto point = [&](int64_t k) -> int32_t {
    if (looping) {
      if (k >= endLoop) {
        k = startLoop + (k - startLoop) % loopLength;
      } else if (k < startLoop && looped) {
        k = endLoop - 1 - (startLoop - 1 - k) % loopLength;
      }
    } else if (k > end) {
      return 0;
    }
    return k < 0 ? 0 : data[k];
  };
  for (size_t t = 0; t < n; t++) {
    if (looping && position >= endLoop * unit) {
      position -= loopLength * unit;
      if (position >= endLoop * unit) position = startLoop * unit + std::fmod(position - startLoop * unit, loopLength * unit);
      looped = true;
    }
    const double index = std::floor(position / unit);
    if (!looping && index >= end) {
      block[t] = 0;
      continue;
    }
    const int64_t i = static_cast<int64_t>(index);
    const int64_t frac = static_cast<int64_t>(position - index * unit);
    if (sincTable != nullptr) {
      int32_t points[kSincPoints];
      for (size_t j = 0; j < kSincPoints; j++) points[j] = point(i - 3 + static_cast<int64_t>(j));
      block[t] = sincSample(sincTable, points, frac);
    } else {
      block[t] = cubicSample(point(i - 1), point(i), point(i + 1), point(i + 2), frac);
    }
    position += step;
  }
}

// As testOscillator, with the cubic or the sinc kernel: the same bits as the transcription,
// reading nothing it may not (a page guard after the last readable sample, and sentinels before
// the first that would change the output if they were read).
void testWideOscillator(const KernelSet& k, bool sinc) {
  Random random(sinc ? 5 : 4);
  std::vector<float> table(kSincTableLength);
  fillSincTable(table.data());
  const float* sincTable = sinc ? table.data() : nullptr;
  std::vector<float> out(1040), expected(1040);
  for (size_t n = 0; n <= 1030; n++) {
    for (int looping = 0; looping < 2; looping++) {
      const auto [end, startLoop, endLoop, readable] = randomBounds(random, n, looping != 0);
      GuardedWave wave(readable + 8);
      int16_t* data = wave.data + 8;
      for (size_t i = 0; i < 8; i++) wave.data[i] = 12345;
      for (size_t i = 0; i < readable; i++) data[i] = static_cast<int16_t>(random.below(65536) - 32768);
      const int64_t top = looping ? endLoop : end;
      const int64_t stepKind = random.below(5);
      const int64_t step = stepKind == 0   ? 0
                           : stepKind == 1 ? random.below(int64_t{1} << 24)
                           : stepKind == 2 ? (int64_t{1} << 24) * (1 + random.below(3))
                           : stepKind == 3 ? random.below((top + 2) << 24)
                                           : random.below(int64_t{1} << 26);
      int64_t position = random.below((top + (looping ? 3 * top : 2)) << 24);
      if (random.below(4) == 0) position = random.below(int64_t{5} << 24);
      const bool looped = looping && random.below(2) == 0 && position >= (int64_t{startLoop} << 24);
      Oscillator o = {position, step, looping != 0, end, startLoop, endLoop, looped, table.data()};
      double expectedPosition = static_cast<double>(position);
      bool expectedLooped = looped;
      const size_t start = n % 4;
      std::fill(out.begin(), out.end(), 7.0f);
      expected = out;
      referenceWide(data, sincTable, expectedPosition, static_cast<double>(step), looping != 0, end, startLoop,
                    endLoop, expectedLooped, expected.data() + start, n);
      (sinc ? k.sincOscillator : k.cubicOscillator)(data, o, out.data() + start, n);
      const char* what = sinc ? (looping ? "sinc oscillator looping" : "sinc oscillator")
                              : (looping ? "cubic oscillator looping" : "cubic oscillator");
      check(sameBits(out.data(), expected.data(), out.size()) && static_cast<double>(o.position) == expectedPosition &&
                o.looped == expectedLooped,
            name(k, what, n, static_cast<size_t>(step)));
    }
  }
}

// The table's rows sum to 1 at every phase (a constant passes unchanged, within a float's
// rounding), and a position on a point reads that point alone.
void testSincTable() {
  std::vector<float> table(kSincTableLength);
  fillSincTable(table.data());
  bool sums = true;
  for (size_t p = 0; p < kSincPhases; p++) {
    double sum = 0, next = 0;
    for (size_t j = 0; j < kSincPoints; j++) {
      sum += table[p * kSincRow + j];
      next += table[p * kSincRow + j] + table[p * kSincRow + kSincPoints + j];
    }
    sums = sums && std::fabs(sum - 1) < 1e-6 && std::fabs(next - 1) < 1e-6;
  }
  check(sums, "sinc table: every phase's coefficients sum to 1");
  bool onPoint = true;
  for (size_t j = 0; j < kSincPoints; j++) onPoint = onPoint && table[j] == (j == 3 ? 1.0f : 0.0f);
  check(onPoint, "sinc table: phase 0 reads the point itself");
}

// ---- reverb and chorus ----

float flush(float x) { return std::fabs(x) < 1e-6f ? 0.0f : x; }

struct ReverbFixture {
  std::vector<float> lines;
  int32_t offsets[kReverbLineCount], lengths[kReverbLineCount], cursors[kReverbLineCount];
  float stores[kCombCount];

  ReverbFixture(uint64_t seed, int32_t maxLength) {
    Random random(seed);
    int32_t total = 0;
    for (size_t i = 0; i < kReverbLineCount; i++) {
      lengths[i] = static_cast<int32_t>(1 + random.below(maxLength));
      offsets[i] = total;
      total += lengths[i];
      cursors[i] = static_cast<int32_t>(random.below(lengths[i] + 1));
    }
    lines.resize(static_cast<size_t>(total));
    for (float& v : lines) v = random.below(5) == 0 ? random.between(-2e-6f, 2e-6f) : random.between(-1, 1);
    for (float& s : stores) s = random.below(5) == 0 ? random.between(-2e-6f, 2e-6f) : random.between(-1, 1);
  }
};

// Reverb.ts's process(), transcribed sample by sample.
void referenceReverb(ReverbFixture& r, const float* in, float* left, float* right, size_t n) {
  const float feedback = 0.84f, damp1 = 0.2f, damp2 = 0.8f;
  for (int side = 0; side < 2; side++) {
    float* out = side == 0 ? left : right;
    for (size_t t = 0; t < n; t++) out[t] = 0;
    for (size_t c = 0; c < kCombsPerChannel; c++) {
      const size_t line = side * kCombsPerChannel + c;
      const int32_t start = r.offsets[line], end = start + r.lengths[line];
      int32_t p = start + r.cursors[line];
      float store = r.stores[line];
      for (size_t t = 0; t < n; t++) {
        if (p == end) p = start;
        const float delayed = flush(r.lines[p]);
        store = flush(delayed * damp2 + store * damp1);
        r.lines[p] = in[t] + store * feedback;
        out[t] += delayed;
        p++;
      }
      r.cursors[line] = p - start;
      r.stores[line] = store;
    }
    for (size_t a = 0; a < kAllPassesPerChannel; a++) {
      const size_t line = kCombCount + side * kAllPassesPerChannel + a;
      const int32_t start = r.offsets[line], end = start + r.lengths[line];
      int32_t p = start + r.cursors[line];
      for (size_t t = 0; t < n; t++) {
        if (p == end) p = start;
        const float input = out[t];
        const float delayed = flush(r.lines[p]);
        out[t] = delayed - input;
        r.lines[p] = input + delayed * 0.5f;
        p++;
      }
      r.cursors[line] = p - start;
    }
  }
}

// MeltySynth's feedback and damping, with the identity stereo mix.
float reverbParameters[kReverbParameterCount] = {0.84f, 0.2f, 0.8f, 1.0f, 0.0f, 0.84f, 0.2f, 1.0f, 0.0f, 0, 0, 0, 0};

void testReverb(const KernelSet& k) {
  Random random(4);
  float* parameters = reverbParameters;
  for (size_t n = 0; n <= 1030; n++) {
    // Short lines in some runs, so blocks wrap them many times.
    ReverbFixture expected(n, n % 3 == 0 ? 12 : 1700);
    ReverbFixture actual(n, n % 3 == 0 ? 12 : 1700);
    std::vector<float> in(n + 4), left(n + 4, 3.0f), right(n + 4, 3.0f);
    for (float& v : in) v = random.between(-1, 1);
    std::vector<float> expectedLeft = left, expectedRight = right;
    const size_t start = n % 4;
    referenceReverb(expected, in.data() + start, expectedLeft.data() + start, expectedRight.data() + start, n);

    ReverbState state = {};
    state.lines = actual.lines.data();
    state.linesLength = actual.lines.size();
    state.stores = actual.stores;
    state.parameters = parameters;
    state.allPassFeedback = 0.5f;
    char error[kErrorLength];
    const bool loaded = loadReverbLayout(state, actual.offsets, actual.lengths, actual.cursors, error);
    processReverb(k, state, actual.cursors, in.data() + start, left.data() + start, right.data() + start, n);
    check(loaded && sameBits(left.data(), expectedLeft.data(), n + 4) &&
              sameBits(right.data(), expectedRight.data(), n + 4) && expected.lines == actual.lines &&
              std::memcmp(expected.cursors, actual.cursors, sizeof actual.cursors) == 0 &&
              sameBits(expected.stores, actual.stores, kCombCount),
          name(k, "reverb", n));
  }
}

void testReverbLayoutChecks() {
  ReverbFixture r(5, 100);
  ReverbState state = {};
  state.lines = r.lines.data();
  state.linesLength = r.lines.size();
  char error[kErrorLength];
  check(loadReverbLayout(state, r.offsets, r.lengths, r.cursors, error), "reverb layout accepted");
  r.lengths[23] += 1;
  check(!loadReverbLayout(state, r.offsets, r.lengths, r.cursors, error), "reverb line past the end rejected");
  r.lengths[23] -= 1;
  r.cursors[3] = r.lengths[3] + 1;
  check(!loadReverbLayout(state, r.offsets, r.lengths, r.cursors, error), "reverb cursor past the line rejected");
  r.cursors[3] = 0;
  r.offsets[0] = -1;
  check(!loadReverbLayout(state, r.offsets, r.lengths, r.cursors, error), "negative reverb offset rejected");
}

void testChorus() {
  Random random(6);
  const size_t bufferLength = 170, tableLength = 997;
  std::vector<float> table(tableLength);
  for (size_t t = 0; t < tableLength; t++) {
    // Chorus.ts keeps every delay below bufferLength - 1.
    table[t] = static_cast<float>(88.2 + 79.0 * std::sin(2 * M_PI * static_cast<double>(t) / tableLength));
  }
  std::vector<float> bufferLeft(bufferLength), bufferRight(bufferLength);
  for (float& v : bufferLeft) v = random.between(-1, 1);
  for (float& v : bufferRight) v = random.between(-1, 1);
  std::vector<float> refLeft = bufferLeft, refRight = bufferRight;
  int32_t cursors[1] = {5};
  double phases[3] = {3, static_cast<double>(tableLength / 4), 1};
  // MeltySynth's settings: one voice, the table's own delays, full level.
  float parameters[kChorusParameterCount] = {1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1};
  int32_t refCursors[3] = {5, 3, static_cast<int32_t>(tableLength / 4)};
  ChorusState state = {bufferLeft.data(), bufferRight.data(), bufferLength, table.data(), tableLength,
                       cursors,           phases,             parameters};
  char error[kErrorLength];
  check(checkChorusCursors(state, error), "chorus cursors accepted");
  bool ok = true;
  for (size_t n = 0; n <= 1030; n += 7) {
    std::vector<float> inL(n), inR(n), outL(n), outR(n), expL(n), expR(n);
    for (float& v : inL) v = random.between(-1, 1);
    for (float& v : inR) v = random.between(-1, 1);
    // Chorus.ts's process(), transcribed with its double arithmetic.
    auto read = [&](const std::vector<float>& buffer, double position) {
      if (position < 0) position += static_cast<double>(buffer.size());
      const size_t i1 = static_cast<size_t>(position);
      const size_t i2 = i1 + 1 == buffer.size() ? 0 : i1 + 1;
      const double x1 = buffer[i1];
      return static_cast<float>(x1 + (position - static_cast<double>(i1)) * (buffer[i2] - x1));
    };
    for (size_t t = 0; t < n; t++) {
      expL[t] = read(refLeft, refCursors[0] - static_cast<double>(table[refCursors[1]]));
      if (++refCursors[1] == static_cast<int32_t>(tableLength)) refCursors[1] = 0;
      expR[t] = read(refRight, refCursors[0] - static_cast<double>(table[refCursors[2]]));
      if (++refCursors[2] == static_cast<int32_t>(tableLength)) refCursors[2] = 0;
      refLeft[refCursors[0]] = inL[t];
      refRight[refCursors[0]] = inR[t];
      if (++refCursors[0] == static_cast<int32_t>(bufferLength)) refCursors[0] = 0;
    }
    processChorus(state, inL.data(), inR.data(), outL.data(), outR.data(), n);
    ok = ok && sameBits(outL.data(), expL.data(), n) && sameBits(outR.data(), expR.data(), n) &&
         cursors[0] == refCursors[0] && phases[0] == refCursors[1] && phases[1] == refCursors[2] &&
         bufferLeft == refLeft && bufferRight == refRight;
  }
  check(ok, "chorus matches Chorus.ts");
  // A delay table that would read outside the buffer is clamped, never followed.
  table[static_cast<size_t>(phases[0])] = 1e9f;
  table[static_cast<size_t>(phases[1])] = -1e9f;
  std::vector<float> in(4), out(4);
  processChorus(state, in.data(), in.data(), out.data(), out.data(), 4);
  check(true, "chorus survives a corrupt delay table");
  // Nor do settings or phases that JavaScript spoilt make it read outside its arrays.
  parameters[kChorusVoices] = 1e9f;
  parameters[kChorusScale] = 1e30f;
  phases[0] = -7;
  phases[2] = 1e12;
  processChorus(state, in.data(), in.data(), out.data(), out.data(), 4);
  parameters[kChorusVoices] = 99;
  parameters[kChorusVoicesTarget] = 99;
  parameters[kChorusOffset] = -1e30f;
  phases[1] = std::nan("");
  processChorus(state, in.data(), in.data(), out.data(), out.data(), 4);
  check(true, "chorus survives corrupt settings and phases");
  phases[0] = static_cast<double>(tableLength);
  check(!checkChorusCursors(state, error), "chorus phase past the table rejected");
  phases[0] = 0;
  cursors[0] = static_cast<int32_t>(bufferLength);
  check(!checkChorusCursors(state, error), "chorus write cursor past the buffer rejected");
}

// ---- the block renderer ----

// A voice bank whose voices hold their pitch (so the step keeps the random step) and sit in the
// hold stage of both envelopes (so they neither fade nor finish unless the oscillator ends).
struct BankFixture {
  std::vector<double> storage;  // doubles, so the bank is 8-byte aligned
  std::vector<float> channelData;
  VoiceBank bank;
  ChannelTable channels;
  explicit BankFixture(size_t capacity)
      : storage((capacity * kVoiceBytes + 7) / 8), channelData(kChannelTableLength) {
    bank = bindVoiceBank(reinterpret_cast<uint8_t*>(storage.data()), capacity);
    channels = bindChannelTable(channelData.data());
  }
  // The writable values of one channel field (the renderer reads them through const pointers).
  float* channelField(const float* field) { return channelData.data() + (field - channelData.data()); }
  std::vector<uint8_t> bytes() const {
    const uint8_t* b = reinterpret_cast<const uint8_t*>(storage.data());
    return std::vector<uint8_t>(b, b + storage.size() * 8);
  }
};

void randomVoice(BankFixture& f, size_t v, Random& random, int32_t waveLength) {
  VoiceBank& b = f.bank;
  const bool looping = random.below(2) == 0;
  const int32_t endLoop = static_cast<int32_t>(2 + random.below(waveLength - 2));
  const int32_t startLoop = static_cast<int32_t>(random.below(endLoop - 1));
  const int32_t end = static_cast<int32_t>(1 + random.below(waveLength - 2));
  b.position[v] = static_cast<double>(random.below(int64_t{end} << 24));
  b.step[v] = static_cast<double>(random.below(int64_t{3} << 24));
  b.flags[v] = (looping ? kFlagLooping : 0) | (random.below(3) != 0 ? kFlagFilterActive : 0);
  b.end[v] = end;
  b.startLoop[v] = startLoop;
  b.endLoop[v] = endLoop;
  const Biquad filter = lowPass(random);
  b.b0[v] = filter.b0, b.b1[v] = filter.b1, b.b2[v] = filter.b2, b.a1[v] = filter.a1, b.a2[v] = filter.a2;
  b.filterCutoff[v] = NAN;
  b.noteGain[v] = random.between(0.01f, 1);
  b.channel[v] = static_cast<int32_t>(v % static_cast<size_t>(kMaxChannels));
  b.key[v] = 60;
  b.rootKey[v] = 60;
  b.lastPitch[v] = 60;
  b.volStage[v] = 2;  // hold, until a decay that never comes
  b.volDecayStart[v] = 1e9;
  b.modStage[v] = 2;
  b.modDecayStart[v] = 1e9;
  b.panAngle[v] = NAN;
  // Last block's gains, where this block's ramps start: silent, near or far.
  b.mixLeft[v] = random.below(4) == 0 ? 0.0f : random.between(0, 0.5f);
  b.mixRight[v] = random.below(4) == 0 ? 0.0f : random.between(0, 0.5f);
  b.reverbSend[v] = random.between(0, 1);
  b.chorusSend[v] = random.below(2) == 0 ? 0.0f : random.between(0, 1);
}

struct BlockFixture {
  size_t blockSize;
  std::vector<int16_t> wave;
  BankFixture bank;
  std::vector<int32_t> order;
  std::vector<float> left, right;
  ReverbFixture reverb;
  std::vector<float> chorusLeft, chorusRight, delayTable;
  int32_t chorusCursors[1] = {0};
  double chorusPhases[3] = {0, 250, 1};
  float chorusParameters[kChorusParameterCount] = {1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1};
  double masterVolume = 0.7;
  std::vector<uint8_t> scratch;

  BlockFixture(uint64_t seed, size_t blockSize, size_t capacity)
      : blockSize(blockSize),
        wave(5000),
        bank(capacity),
        order(capacity),
        left(blockSize),
        right(blockSize),
        reverb(seed, 1700),
        chorusLeft(170),
        chorusRight(170),
        delayTable(1000) {
    Random random(seed + 100);
    for (int16_t& s : wave) s = static_cast<int16_t>(random.below(65536) - 32768);
    for (size_t v = 0; v < capacity; v++) {
      randomVoice(bank, v, random, static_cast<int32_t>(wave.size()));
      order[v] = static_cast<int32_t>(capacity - 1 - v);
    }
    for (size_t c = 0; c < static_cast<size_t>(kMaxChannels); c++) {
      bank.channelField(bank.channels.gain)[c] = random.between(0, 1);
      bank.channelField(bank.channels.pan)[c] = random.between(-50, 50);
      bank.channelField(bank.channels.reverbSend)[c] = random.between(0, 0.5f);
    }
    for (size_t t = 0; t < delayTable.size(); t++) delayTable[t] = static_cast<float>(88 + 80 * std::sin(t * 0.01));
  }

  RendererBuffers buffers() {
    RendererBuffers b;
    b.blockSize = blockSize;
    b.step = {44100, 88, blockSize};
    b.waveData = wave.data();
    b.waveLength = wave.size();
    b.bank = bank.bank;
    b.channels = bank.channels;
    b.order = order.data();
    b.masterVolume = &masterVolume;
    b.left = left.data();
    b.right = right.data();
    b.hasReverb = true;
    b.reverb.lines = reverb.lines.data();
    b.reverb.linesLength = reverb.lines.size();
    b.reverb.stores = reverb.stores;
    b.reverb.parameters = reverbParameters;
    b.reverb.allPassFeedback = 0.5f;
    b.reverbOffsets = reverb.offsets;
    b.reverbLengths = reverb.lengths;
    b.reverbCursors = reverb.cursors;
    b.hasChorus = true;
    b.chorus = {chorusLeft.data(), chorusRight.data(), chorusLeft.size(), delayTable.data(), delayTable.size(),
                chorusCursors,     chorusPhases,       chorusParameters};
    scratch.assign(BlockRenderer::scratchBytes(blockSize, order.size()), 0xA5);
    b.scratch = scratch.data();
    return b;
  }
};

double snr(const std::vector<float>& reference, const std::vector<float>& actual) {
  double signal = 0, noise = 0;
  for (size_t t = 0; t < reference.size(); t++) {
    signal += static_cast<double>(reference[t]) * reference[t];
    noise += (static_cast<double>(reference[t]) - actual[t]) * (static_cast<double>(reference[t]) - actual[t]);
  }
  return noise == 0 ? 999 : 10 * std::log10(signal / noise);
}

void testBlockRenderer(const KernelSet& k) {
  const size_t blockSize = 64, capacity = 45;
  BlockFixture reference(7, blockSize, capacity);
  BlockFixture actual(7, blockSize, capacity);
  BlockRenderer scalarRenderer(reference.buffers(), *scalarKernels());
  BlockRenderer renderer(actual.buffers(), k);
  double worst = 999;
  bool ok = true;
  size_t allocations = 0, stillActive = 0;
  for (int block = 0; block < 200; block++) {
    const size_t active = static_cast<size_t>(block % (capacity + 1));
    // Whole blocks, and parts of every length from one frame.
    const size_t frames = block % 3 == 0 ? 1 + static_cast<size_t>(block) % blockSize : blockSize;
    size_t remainingReference = 0, remaining = 0;
    ok = ok && scalarRenderer.render(active, frames, remainingReference);
    const size_t before = g_allocations;
    ok = ok && renderer.render(active, frames, remaining);
    allocations += g_allocations - before;
    ok = ok && remaining == remainingReference;
    stillActive += remaining;
    worst = std::fmin(worst, std::fmin(snr(reference.left, actual.left), snr(reference.right, actual.right)));
  }
  check(allocations == 0, std::string(k.name) + " renders blocks without allocating");
  check(stillActive > 0, std::string(k.name) + " block renderer test keeps voices sounding");
  char what[120];
  std::snprintf(what, sizeof what, "%s block renderer gives the scalar bits (worst SNR %.1f dB)", k.name, worst);
  check(ok && worst == 999 && reference.bank.bytes() == actual.bank.bytes() && reference.order == actual.order &&
            reference.reverb.lines == actual.reverb.lines,
        what);

  // Bad voices are refused before any output is written.
  struct Case {
    const char* what;
    void (*spoil)(BlockFixture&);
  };
  const Case cases[] = {
      {"order entry past the bank", [](BlockFixture& f) { f.order[3] = 1000; }},
      {"negative order entry", [](BlockFixture& f) { f.order[3] = -1; }},
      {"voice listed twice", [](BlockFixture& f) { f.order[3] = f.order[2]; }},
      {"channel past the channel table", [](BlockFixture& f) { f.bank.bank.channel[f.order[5]] = kMaxChannels; }},
      {"NaN position", [](BlockFixture& f) { f.bank.bank.position[f.order[5]] = NAN; }},
      {"negative position", [](BlockFixture& f) { f.bank.bank.position[f.order[5]] = -1.0; }},
      {"negative step", [](BlockFixture& f) { f.bank.bank.step[f.order[5]] = -1.0; }},
      {"huge step", [](BlockFixture& f) { f.bank.bank.step[f.order[5]] = 1e300; }},
      {"loop end past the data",
       [](BlockFixture& f) {
         f.bank.bank.flags[f.order[5]] = kFlagLooping;
         f.bank.bank.endLoop[f.order[5]] = 5001;
       }},
      {"empty loop",
       [](BlockFixture& f) {
         f.bank.bank.flags[f.order[5]] = kFlagLooping;
         f.bank.bank.startLoop[f.order[5]] = 10;
         f.bank.bank.endLoop[f.order[5]] = 10;
       }},
      {"negative loop start",
       [](BlockFixture& f) {
         f.bank.bank.flags[f.order[5]] = kFlagLooping;
         f.bank.bank.startLoop[f.order[5]] = -1;
       }},
      {"end past the data",
       [](BlockFixture& f) {
         f.bank.bank.flags[f.order[5]] = 0;
         f.bank.bank.position[f.order[5]] = 0;
         f.bank.bank.end[f.order[5]] = 5000;
       }},
      {"reverb cursor past its line", [](BlockFixture& f) { f.reverb.cursors[7] = 5000; }},
      {"chorus phase past the table", [](BlockFixture& f) { f.chorusPhases[1] = 1000; }},
  };
  for (const Case& c : cases) {
    BlockFixture f(8, blockSize, capacity);
    BlockRenderer r(f.buffers(), k);
    c.spoil(f);
    std::fill(f.left.begin(), f.left.end(), 0.5f);
    const std::vector<float> lines = f.reverb.lines;
    size_t remaining = 0;
    const bool refused = !r.render(capacity, blockSize, remaining);
    const bool untouched = std::all_of(f.left.begin(), f.left.end(), [](float x) { return x == 0.5f; });
    check(refused && untouched && lines == f.reverb.lines, std::string(k.name) + " refuses " + c.what);
  }
  // A voice that has played to an end past the data finishes in the step and reads nothing.
  {
    BlockFixture f(8, blockSize, capacity);
    BlockRenderer r(f.buffers(), k);
    f.bank.bank.flags[f.order[5]] = 0;
    f.bank.bank.end[f.order[5]] = 5000;
    f.bank.bank.position[f.order[5]] = static_cast<double>(int64_t{5000} << 24);
    size_t remaining = 0;
    check(r.render(capacity, blockSize, remaining) && remaining < capacity,
          std::string(k.name) + " lets a voice finish whose end is past the data");
    f.order[1] = f.order[0];
    check(!r.render(capacity, blockSize, remaining) && r.render(1, blockSize, remaining),
          std::string(k.name) + " renders again after a refusal");
  }
}

}  // namespace

int main() {
  const std::vector<const KernelSet*> sets = kernelSets();
  std::printf("kernel sets on this CPU:");
  for (const KernelSet* k : sets) std::printf(" %s", k->name);
  std::printf("; best: %s\n", bestKernels().name);
  testSincTable();
  for (const KernelSet* k : sets) {
    testMultiplyAdd(*k);
    testRampGains(*k);
    testBiquad(*k);
    testOscillator(*k);
    testWideOscillator(*k, false);
    testWideOscillator(*k, true);
    testReverb(*k);
    testBlockRenderer(*k);
  }
  testReverbLayoutChecks();
  testChorus();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
