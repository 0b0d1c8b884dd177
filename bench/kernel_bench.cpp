// The voice kernels alone, without Node: oscillator, biquad and a mix into 5 sends, driven as
// BlockRenderer::renderGroup drives them (groups of kBiquadLanes voices), for each kernel set
// this CPU runs, in two cases: sustained voices whose gains hold (the common case) and voices
// whose every gain ramps (the worst). Prints one line per set: name, then nanoseconds per
// voice-sample, the median and the best of the rounds, held then ramping (on a shared machine
// the best is the steadier figure).
//
// The voices loop over 500-1500 samples, as a SoundFont's sustain loops often do, so their wave
// data stays in the L2 cache and the figure is the kernels' own cost. Run by bench/kernels.mjs.
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kernels.h"

using namespace meltysynth;

namespace {

constexpr size_t kVoices = 256;
constexpr size_t kBlockSize = 64;
constexpr size_t kSends = 5;
constexpr size_t kWaveLength = size_t{1} << 20;

struct Random {
  uint64_t s = 0x9e3779b97f4a7c15ull;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
};

struct Voices {
  std::vector<int16_t> wave = std::vector<int16_t>(kWaveLength);
  std::vector<Oscillator> oscillators = std::vector<Oscillator>(kVoices);
  std::vector<Biquad> filters = std::vector<Biquad>(kVoices);
  std::vector<float> gains = std::vector<float>(kVoices * kSends);
  Random random;

  Voices() {
    for (size_t i = 0; i < kWaveLength; i++) {
      wave[i] = static_cast<int16_t>(8000 * std::sin(static_cast<double>(i) * 0.05) + 2000 * (random.uniform() - 0.5));
    }
    for (size_t v = 0; v < kVoices; v++) {
      const int32_t length = static_cast<int32_t>(500 + 1000 * random.uniform());
      const int32_t start = static_cast<int32_t>((kWaveLength - 2000) * random.uniform());
      // Pitches from an octave down to an octave up.
      const int64_t step = static_cast<int64_t>((0.5 + 1.5 * random.uniform()) * kFracUnit);
      oscillators[v] = {int64_t{start} * kFracUnit, step, true, start + length, start, start + length};
      filters[v] = {0.02f, 0.04f, 0.02f, -1.6f, 0.7f, 0, 0, 0, 0};
    }
    for (float& g : gains) g = static_cast<float>(0.05 + 0.1 * random.uniform());
  }
};

// The rows a block renderer mixes a group of voices through.
struct Scratch {
  std::vector<float> rows = std::vector<float>(kBiquadLanes * kBlockSize);
  std::vector<float> rampRows = std::vector<float>(kBiquadLanes * kSends * kBlockSize);
  std::vector<float> sends = std::vector<float>(kSends * kBlockSize);
  float rampStart[kBiquadLanes * kSends];
  float rampStep[kBiquadLanes * kSends];
  float* rampRowPointers[kBiquadLanes * kSends];
  Scratch() {
    for (size_t r = 0; r < kBiquadLanes * kSends; r++) rampRowPointers[r] = rampRows.data() + r * kBlockSize;
  }
};

void renderBlock(const KernelSet& k, Voices& voices, Scratch& s, bool ramping) {
  const size_t n = kBlockSize;
  for (size_t first = 0; first < kVoices; first += kBiquadLanes) {
    float* rows[kBiquadLanes];
    Biquad* filters[kBiquadLanes];
    for (size_t v = 0; v < kBiquadLanes; v++) {
      rows[v] = s.rows.data() + v * n;
      filters[v] = &voices.filters[first + v];
      k.oscillator(voices.wave.data(), voices.oscillators[first + v], rows[v], n);
    }
    k.biquad(rows, filters, kBiquadLanes, n);
    if (!ramping) {
      for (size_t v = 0; v < kBiquadLanes; v++) {
        for (size_t d = 0; d < kSends; d++) {
          k.multiplyAdd(voices.gains[(first + v) * kSends + d], rows[v], s.sends.data() + d * n, n);
        }
      }
      continue;
    }
    // Every gain moves: each send of each voice ramps to a new value across the block.
    for (size_t v = 0; v < kBiquadLanes; v++) {
      for (size_t d = 0; d < kSends; d++) {
        float& gain = voices.gains[(first + v) * kSends + d];
        const float next = gain < 0.1f ? gain + 0.05f : gain - 0.05f;
        s.rampStart[v * kSends + d] = gain;
        s.rampStep[v * kSends + d] = (next - gain) * (1.0f / n);
        gain = next;
      }
    }
    k.rampGains(s.rampStart, s.rampStep, kBiquadLanes * kSends, s.rampRowPointers, n);
    for (size_t v = 0; v < kBiquadLanes; v++) {
      for (size_t d = 0; d < kSends; d++) {
        k.multiplyAddGains(s.rampRowPointers[v * kSends + d], rows[v], s.sends.data() + d * n, n);
      }
    }
  }
}

double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Figures {
  double median, best;
};

Figures measure(const KernelSet& k, int rounds, bool ramping) {
  Voices voices;
  Scratch scratch;
  const int blocks = 100;
  for (int b = 0; b < blocks; b++) renderBlock(k, voices, scratch, ramping);
  std::vector<double> ns;
  for (int r = 0; r < rounds; r++) {
    const double start = cpuSeconds();
    for (int b = 0; b < blocks; b++) renderBlock(k, voices, scratch, ramping);
    ns.push_back((cpuSeconds() - start) * 1e9 / (static_cast<double>(blocks) * kVoices * kBlockSize));
  }
  // The sends are read so that no compiler could drop the work.
  volatile float sink = scratch.sends[0];
  (void)sink;
  std::sort(ns.begin(), ns.end());
  return {ns[ns.size() / 2], ns[0]};
}

}  // namespace

// kernel_bench [rounds [set]]: every set this CPU runs, or only the named one.
int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 41;
  for (const char* const* name = availableKernelNames(); *name != nullptr; name++) {
    if (argc > 2 && std::strcmp(argv[2], *name) != 0) continue;
    const KernelSet& k = *kernelsByName(*name);
    const Figures held = measure(k, rounds < 1 ? 1 : rounds, false);
    const Figures ramping = measure(k, rounds < 1 ? 1 : rounds, true);
    std::printf("%s %.4f %.4f %.4f %.4f\n", *name, held.median, held.best, ramping.median, ramping.best);
  }
  return 0;
}
