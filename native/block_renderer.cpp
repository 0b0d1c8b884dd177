// The block renderer: MeltySynth's render_block for the per-sample part. Voices go through the
// oscillator, the low-pass filter (8 voices side by side) and the mixer with gain ramps; then the
// chorus and the reverb run and are added at the master volume.
#include "block_renderer.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <type_traits>

#include "voice_start.h"

namespace meltysynth {

namespace {

// A gain moving by less than this is not ramped (JsBlockRenderer: RAMP_THRESHOLD).
constexpr float kRampThreshold = 1e-3f;
// Positions and steps are integral doubles, exact up to 2^53.
constexpr double kMaxFixed = 9007199254740992.0;

// destination[t] += a * x[t] with the product in double precision and rounded to float, as
// ArrayMath.multiplyAdd computes it for the master volume (a JavaScript number, not a float).
void multiplyAddDouble(double a, const float* x, float* destination, size_t n) {
  for (size_t t = 0; t < n; t++) destination[t] += static_cast<float>(a * x[t]);
}

}  // namespace

namespace {

// Scratch rows: the filter lanes' voice blocks, the gain ramps, three sends, chorus and reverb
// outputs (two each). Each row is a block rounded up to 8 floats, and they start 32-byte aligned.
// The sinc table follows them, then the voice jobs.
constexpr size_t kScratchRows = kBiquadLanes + kBiquadLanes * kSendCount + 3 + 2 + 2;
constexpr size_t kRowAlignment = 32;

size_t rowStride(size_t blockSize) { return (blockSize + 7) & ~static_cast<size_t>(7); }

}  // namespace

size_t BlockRenderer::scratchBytes(size_t blockSize, size_t capacity) {
  return kRowAlignment + (kScratchRows * rowStride(blockSize) + kSincTableLength) * sizeof(float) +
         capacity * sizeof(VoiceJob) + capacity;
}

BlockRenderer::BlockRenderer(const RendererBuffers& buffers, const KernelSet& kernels)
    : b_(buffers),
      kernels_(kernels),
      oscillator_(buffers.interpolation == Interpolation::kSinc    ? kernels.sincOscillator
                  : buffers.interpolation == Interpolation::kCubic ? kernels.cubicOscillator
                                                                   : kernels.oscillator),
      effects_(buffers.hasReverb && buffers.hasChorus) {
  const size_t n = b_.blockSize;
  const size_t capacity = b_.bank.capacity;
  stride_ = rowStride(n);
  const size_t bytes = scratchBytes(n, capacity);
  std::memset(b_.scratch, 0, bytes);
  uint8_t* aligned = b_.scratch;
  while (reinterpret_cast<uintptr_t>(aligned) % kRowAlignment != 0) aligned++;
  float* base = reinterpret_cast<float*>(aligned);
  rows_ = base;
  float* next = base + kBiquadLanes * stride_;
  for (size_t r = 0; r < kMaxRamps; r++, next += stride_) rampRows_[r] = next;
  for (size_t i = 2; i < 5; i++, next += stride_) sends_[i] = next;
  for (float*& out : chorusOut_) out = next, next += stride_;
  for (float*& out : reverbOut_) out = next, next += stride_;
  sincTable_ = next;
  if (b_.interpolation == Interpolation::kSinc) fillSincTable(sincTable_);
  next += kSincTableLength;
  // The rows are whole multiples of 32 bytes, so the jobs after them are aligned for any field.
  static_assert(std::is_trivially_copyable_v<VoiceJob> && std::is_trivially_default_constructible_v<VoiceJob>,
                "voice jobs live in zeroed scratch memory");
  jobs_ = reinterpret_cast<VoiceJob*>(next);
  listed_ = reinterpret_cast<uint8_t*>(jobs_ + capacity);
  error_[0] = '\0';
}

// Each field is read once into the job, so a bank in shared memory that changes meanwhile
// cannot make the checked values differ from the used ones.
bool BlockRenderer::loadVoice(size_t voice, VoiceJob& job) {
  const VoiceBank& bank = b_.bank;
  const double position = bank.position[voice];
  const double step = bank.step[voice];
  const int32_t flags = bank.flags[voice];
  const int32_t end = bank.end[voice];
  const int32_t startLoop = bank.startLoop[voice];
  const int32_t endLoop = bank.endLoop[voice];
  const size_t waveLength = b_.waveLength;

  if (!(position >= 0 && position <= kMaxFixed)) {
    std::snprintf(error_, kErrorLength, "voice %zu: position %g is not in [0, 2^53]", voice, position);
    return false;
  }
  if (!(step >= 0 && step <= kMaxFixed)) {
    std::snprintf(error_, kErrorLength, "voice %zu: step %g is not in [0, 2^53]", voice, step);
    return false;
  }
  const bool looping = (flags & kFlagLooping) != 0;
  const int64_t fixedPosition = static_cast<int64_t>(position);
  if (looping) {
    // A looping oscillator reads from min(position, startLoop) up to endLoop - 1.
    if (startLoop < 0 || startLoop >= endLoop || static_cast<int64_t>(endLoop) > static_cast<int64_t>(waveLength)) {
      std::snprintf(error_, kErrorLength, "voice %zu: loop [%d, %d) must be non-empty and inside waveData (length %zu)",
                    voice, startLoop, endLoop, waveLength);
      return false;
    }
  } else if (fixedPosition < (static_cast<int64_t>(end) * kFracUnit) &&
             static_cast<int64_t>(end) > static_cast<int64_t>(waveLength) - 1) {
    // A non-looping oscillator reads data[index + 1] for every index below end.
    std::snprintf(error_, kErrorLength, "voice %zu: end %d must be at most waveData length - 1 (%lld)", voice, end,
                  static_cast<long long>(waveLength) - 1);
    return false;
  }

  job.voice = voice;
  job.oscillator = {fixedPosition, static_cast<int64_t>(step), looping, end, startLoop, endLoop,
                    (flags & kFlagLooped) != 0, sincTable_};
  job.filterActive = (flags & kFlagFilterActive) != 0;
  job.filter = {bank.b0[voice], bank.b1[voice], bank.b2[voice], bank.a1[voice], bank.a2[voice],
                bank.x1[voice], bank.x2[voice], bank.y1[voice], bank.y2[voice]};
  const float* from[kSendCount] = {bank.leftFrom, bank.rightFrom, bank.chorusLeftFrom, bank.chorusRightFrom,
                                   bank.reverbFrom};
  const float* to[kSendCount] = {bank.leftTo, bank.rightTo, bank.chorusLeftTo, bank.chorusRightTo, bank.reverbTo};
  for (size_t d = 0; d < kSendCount; d++) {
    job.gainFrom[d] = from[d][voice];
    job.gainTo[d] = to[d][voice];
  }
  return true;
}

void BlockRenderer::storeVoice(const VoiceJob& job) {
  const VoiceBank& bank = b_.bank;
  bank.position[job.voice] = static_cast<double>(job.oscillator.position);
  if (job.oscillator.looped) bank.flags[job.voice] |= kFlagLooped;
  bank.x1[job.voice] = job.filter.x1;
  bank.x2[job.voice] = job.filter.x2;
  bank.y1[job.voice] = job.filter.y1;
  bank.y2[job.voice] = job.filter.y2;
}

// Each voice reads a few new cache lines of wave data per block, and they are rarely cached:
// asking for them early overlaps their latencies with other work. Only a hint: it reads nothing.
void BlockRenderer::prefetchWave(const Oscillator& o) const {
  const int64_t first = o.position >> kFracBits;
  int64_t last = (o.position + static_cast<int64_t>(b_.blockSize) * o.step) >> kFracBits;
  const int64_t limit = o.looping ? o.endLoop : static_cast<int64_t>(o.end) + 1;
  if (last >= limit) last = limit - 1;
  if (last >= static_cast<int64_t>(b_.waveLength)) last = static_cast<int64_t>(b_.waveLength) - 1;
  if (last - first > 2048) last = first + 2048;
  for (int64_t i = first; i <= last; i += 32) __builtin_prefetch(b_.waveData + i);
  if (last >= first) __builtin_prefetch(b_.waveData + last);
  if (o.looping && last == limit - 1) __builtin_prefetch(b_.waveData + o.startLoop);
}

// Before the step reads anything through them: every listed voice inside the bank and listed
// once, and its channel one of the table's.
bool BlockRenderer::checkOrder(size_t activeCount) {
  const size_t capacity = b_.bank.capacity;
  if (activeCount > capacity) {
    std::snprintf(error_, kErrorLength, "activeCount %zu exceeds the number of voices (%zu)", activeCount, capacity);
    return false;
  }
  bool ok = true;
  size_t marked = 0;
  for (size_t i = 0; i < activeCount; i++) {
    const int32_t entry = b_.order[i];
    if (entry < 0 || static_cast<size_t>(entry) >= capacity) {
      std::snprintf(error_, kErrorLength, "order[%zu] is %d, outside the voice bank [0, %zu)", i, entry, capacity);
      ok = false;
      break;
    }
    if (listed_[entry] != 0) {
      std::snprintf(error_, kErrorLength, "order[%zu] lists voice %d a second time", i, entry);
      ok = false;
      break;
    }
    listed_[entry] = 1;
    marked = i + 1;
    const int32_t channel = b_.bank.channel[entry];
    if (channel < 0 || channel >= kMaxChannels) {
      std::snprintf(error_, kErrorLength, "voice %d: channel %d is not 0-%d", entry, channel, kMaxChannels - 1);
      ok = false;
      break;
    }
  }
  for (size_t j = 0; j < marked; j++) listed_[b_.order[j]] = 0;
  return ok;
}

// The jobs of the voices the step left active, checked, and the effects' cursors.
bool BlockRenderer::prepare(size_t activeCount) {
  for (size_t i = 0; i < activeCount; i++) {
    if (!loadVoice(static_cast<size_t>(b_.order[i]), jobs_[i])) return false;
  }
  for (size_t i = 0; i < activeCount; i++) prefetchWave(jobs_[i].oscillator);
  if (effects_) {
    if (!loadReverbLayout(b_.reverb, b_.reverbOffsets, b_.reverbLengths, b_.reverbCursors, error_)) return false;
    if (!checkChorusCursors(b_.chorus, error_)) return false;
  }
  return true;
}

bool BlockRenderer::startVoice(size_t v) {
  if (v >= b_.bank.capacity) {
    std::snprintf(error_, kErrorLength, "voice %zu is not one of the bank's %zu voices", v, b_.bank.capacity);
    return false;
  }
  meltysynth::startVoice(b_.bank, v, b_.noteStart, b_.step.sampleRate);
  return true;
}

bool BlockRenderer::render(size_t activeCount, size_t frames, size_t& remaining, float* left, float* right) {
  remaining = activeCount;
  const size_t blockSize = b_.blockSize;
  const bool part = frames >= 1 && frames <= blockSize;
  const bool wholeBlocks = frames > blockSize && frames % blockSize == 0 && frames / blockSize <= b_.spanBlocks;
  if (!part && !wholeBlocks) {
    std::snprintf(error_, kErrorLength, "frames %zu is neither 1 to blockSize %zu nor up to %zu whole blocks", frames,
                  blockSize, b_.spanBlocks);
    return false;
  }
  if (left == nullptr) {
    left = b_.left;
    right = b_.right;
  }
  if (part) return renderBlock(activeCount, frames, left, right, remaining);
  // Block after block, each as a call of its own would render it, into its place in the output.
  for (size_t at = 0; at < frames; at += blockSize) {
    if (!renderBlock(remaining, blockSize, left + at, right + at, remaining)) return false;
  }
  return true;
}

bool BlockRenderer::renderBlock(size_t activeCount, size_t frames, float* left, float* right, size_t& remaining) {
  const double masterVolume = *b_.masterVolume;
  if (!checkOrder(activeCount)) return false;
  const size_t n = frames;
  frames_ = n;
  // As JavaScript computes it: the quotient in double, rounded to float.
  inverseFrames_ = static_cast<float>(1.0 / static_cast<double>(n));
  // A part of a block may be too short for a note's attack to pass the threshold: a note that
  // starts there sounds from its frame. Whole blocks keep it, so their bits do not depend on
  // whether a message split a block before them.
  inaudible_ = n < b_.blockSize ? std::numeric_limits<float>::denorm_min() : b_.inaudibleGain;
  activeCount = stepVoices(b_.bank, b_.channels, b_.step, b_.order, activeCount, n, masterVolume);
  remaining = activeCount;
  if (!prepare(activeCount)) return false;
  sends_[0] = left;
  sends_[1] = right;
  const size_t sendCount = effects_ ? kSendCount : 2;
  for (size_t d = 0; d < sendCount; d++) std::memset(sends_[d], 0, n * sizeof(float));
  for (size_t i = 0; i < activeCount; i += kBiquadLanes) {
    renderGroup(&jobs_[i], activeCount - i < kBiquadLanes ? activeCount - i : kBiquadLanes);
  }
  if (effects_) runEffects(masterVolume);
  return true;
}

void BlockRenderer::renderGroup(VoiceJob* jobs, size_t count) {
  const size_t n = frames_;
  float* filterRows[kBiquadLanes];
  Biquad* filters[kBiquadLanes];
  size_t filtered = 0;
  for (size_t k = 0; k < count; k++) {
    float* row = rows_ + k * stride_;
    VoiceJob& job = jobs[k];
    oscillator_(b_.waveData, job.oscillator, row, n);
    if (job.filterActive) {
      filterRows[filtered] = row;
      filters[filtered] = &job.filter;
      filtered++;
    } else {
      // An inactive filter still tracks its input, so it can take over without a click (a part
      // of one frame shifts the history by one).
      job.filter.x2 = n >= 2 ? row[n - 2] : job.filter.x1;
      job.filter.y2 = n >= 2 ? row[n - 2] : job.filter.y1;
      job.filter.x1 = row[n - 1];
      job.filter.y1 = row[n - 1];
    }
  }
  if (filtered > 0) kernels_.biquad(filterRows, filters, filtered, n);

  // A sudden change of gain would click, so a gain that moves is ramped across the block. The
  // ramps of all the group's voices are computed together: each is a serial chain of additions.
  const size_t sendCount = effects_ ? kSendCount : 2;
  const float* rampFor[kBiquadLanes][kSendCount];
  size_t ramps = 0;
  for (size_t k = 0; k < count; k++) {
    for (size_t d = 0; d < sendCount; d++) {
      const float previous = jobs[k].gainFrom[d];
      const float current = jobs[k].gainTo[d];
      rampFor[k][d] = nullptr;
      if (previous < inaudible_ && current < inaudible_) continue;
      const float change = current - previous;
      if (std::fabs(change) < kRampThreshold) continue;
      rampStart_[ramps] = previous;
      rampStep_[ramps] = inverseFrames_ * change;
      rampFor[k][d] = rampRows_[ramps];
      ramps++;
    }
  }
  if (ramps > 0) kernels_.rampGains(rampStart_, rampStep_, ramps, rampRows_, n);

  for (size_t k = 0; k < count; k++) {
    const float* block = rows_ + k * stride_;
    for (size_t d = 0; d < sendCount; d++) {
      const float previous = jobs[k].gainFrom[d];
      const float current = jobs[k].gainTo[d];
      if (rampFor[k][d] != nullptr) {
        kernels_.multiplyAddGains(rampFor[k][d], block, sends_[d], n);
      } else if (!(previous < inaudible_ && current < inaudible_)) {
        kernels_.multiplyAdd(current, block, sends_[d], n);
      }
    }
    storeVoice(jobs[k]);
    // The voice most likely goes on from here in the next block: ask for that data now, so it
    // arrives while JavaScript updates the voices.
    prefetchWave(jobs[k].oscillator);
  }
}

void BlockRenderer::runEffects(double masterVolume) {
  const size_t n = frames_;
  processChorus(b_.chorus, sends_[2], sends_[3], chorusOut_[0], chorusOut_[1], n);
  multiplyAddDouble(masterVolume, chorusOut_[0], sends_[0], n);
  multiplyAddDouble(masterVolume, chorusOut_[1], sends_[1], n);
  processReverb(kernels_, b_.reverb, b_.reverbCursors, sends_[4], reverbOut_[0], reverbOut_[1], n);
  multiplyAddDouble(masterVolume, reverbOut_[0], sends_[0], n);
  multiplyAddDouble(masterVolume, reverbOut_[1], sends_[1], n);
}

}  // namespace meltysynth
