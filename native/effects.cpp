// Drivers of the reverb and chorus: they split each block where a delay line wraps and hand the
// stretches in between to the kernels.
#include "effects.h"

#include <cstdio>

namespace meltysynth {

bool loadReverbLayout(ReverbState& state, const int32_t* offsets, const int32_t* lengths, const int32_t* cursors,
                      char* error) {
  for (size_t i = 0; i < kReverbLineCount; i++) {
    const int64_t offset = offsets[i];
    const int64_t length = lengths[i];
    const int64_t cursor = cursors[i];
    if (offset < 0 || length < 1 || offset + length > static_cast<int64_t>(state.linesLength)) {
      std::snprintf(error, kErrorLength,
                    "reverb delay line %zu (offset %lld, length %lld) does not fit in reverb.lines (length %zu)", i,
                    static_cast<long long>(offset), static_cast<long long>(length), state.linesLength);
      return false;
    }
    // A cursor equal to the length is allowed: Reverb.ts wraps it before its next read.
    if (cursor < 0 || cursor > length) {
      std::snprintf(error, kErrorLength, "reverb.cursors[%zu] is %lld, outside [0, %lld]", i,
                    static_cast<long long>(cursor), static_cast<long long>(length));
      return false;
    }
    state.offset[i] = static_cast<int32_t>(offset);
    state.length[i] = static_cast<int32_t>(length);
    state.cursor[i] = static_cast<int32_t>(cursor);
  }
  return true;
}

void processReverb(const KernelSet& kernels, ReverbState& state, int32_t* cursorsOut, const float* in, float* left,
                   float* right, size_t n) {
  CombBank bank;
  for (size_t c = 0; c < kCombCount; c++) bank.store[c] = state.stores[c];
  bank.feedback = state.feedback;
  bank.damp1 = state.damp1;
  bank.damp2 = state.damp2;

  // The combs, all 16 at once, in stretches where none of their lines wraps.
  for (size_t t = 0; t < n;) {
    size_t stretch = n - t;
    for (size_t c = 0; c < kCombCount; c++) {
      if (state.cursor[c] == state.length[c]) state.cursor[c] = 0;
      const size_t room = static_cast<size_t>(state.length[c] - state.cursor[c]);
      if (room < stretch) stretch = room;
    }
    for (size_t c = 0; c < kCombCount; c++) bank.line[c] = state.lines + state.offset[c] + state.cursor[c];
    kernels.combs(bank, in + t, left + t, right + t, stretch);
    for (size_t c = 0; c < kCombCount; c++) state.cursor[c] += static_cast<int32_t>(stretch);
    t += stretch;
  }

  // Then each channel's 4 all-pass filters in series.
  for (size_t side = 0; side < 2; side++) {
    float* block = side == 0 ? left : right;
    for (size_t a = 0; a < kAllPassesPerChannel; a++) {
      const size_t i = kCombCount + side * kAllPassesPerChannel + a;
      for (size_t t = 0; t < n;) {
        if (state.cursor[i] == state.length[i]) state.cursor[i] = 0;
        size_t stretch = static_cast<size_t>(state.length[i] - state.cursor[i]);
        if (stretch > n - t) stretch = n - t;
        kernels.allPass(state.lines + state.offset[i] + state.cursor[i], state.allPassFeedback, block + t, stretch);
        state.cursor[i] += static_cast<int32_t>(stretch);
        t += stretch;
      }
    }
  }

  for (size_t c = 0; c < kCombCount; c++) state.stores[c] = bank.store[c];
  for (size_t i = 0; i < kReverbLineCount; i++) cursorsOut[i] = state.cursor[i];
}

bool checkChorusTable(const ChorusState& state, char* error) {
  if (state.tableLength < 1) {
    std::snprintf(error, kErrorLength, "chorus.delayTable must not be empty");
    return false;
  }
  for (size_t i = 0; i < state.tableLength; i++) {
    const float delay = state.delayTable[i];
    if (!(delay >= 0 && delay <= static_cast<float>(state.bufferLength - 1))) {
      std::snprintf(error, kErrorLength, "chorus.delayTable[%zu] must be in [0, bufferLength - 1]", i);
      return false;
    }
  }
  return true;
}

bool checkChorusCursors(const ChorusState& state, char* error) {
  const int32_t write = state.cursors[0];
  if (write < 0 || static_cast<size_t>(write) >= state.bufferLength) {
    std::snprintf(error, kErrorLength, "chorus.cursors[0] (the write position) is %d, outside [0, %zu)", write,
                  state.bufferLength);
    return false;
  }
  for (size_t i = 1; i <= 2; i++) {
    const int32_t cursor = state.cursors[i];
    if (cursor < 0 || static_cast<size_t>(cursor) >= state.tableLength) {
      std::snprintf(error, kErrorLength, "chorus.cursors[%zu] is %d, outside [0, %zu)", i, cursor, state.tableLength);
      return false;
    }
  }
  return true;
}

namespace {

// Linear interpolation at a fractional position behind the write cursor, in double precision
// as Chorus.ts computes it.
float readDelayed(const float* buffer, size_t length, double position) {
  if (position < 0) position += static_cast<double>(length);
  if (!(position >= 0 && position < static_cast<double>(length))) position = 0;
  const size_t index1 = static_cast<size_t>(position);
  const size_t index2 = index1 + 1 == length ? 0 : index1 + 1;
  const double x1 = buffer[index1];
  const double a = position - static_cast<double>(index1);
  return static_cast<float>(x1 + a * (buffer[index2] - x1));
}

}  // namespace

void processChorus(ChorusState& state, const float* inLeft, const float* inRight, float* outLeft, float* outRight,
                   size_t n) {
  const size_t bufferLength = state.bufferLength;
  const size_t tableLength = state.tableLength;
  const float* table = state.delayTable;
  size_t write = static_cast<size_t>(state.cursors[0]);
  size_t delayLeft = static_cast<size_t>(state.cursors[1]);
  size_t delayRight = static_cast<size_t>(state.cursors[2]);
  // Checked before the block; checked again here in case the cursors live in shared memory that
  // another thread changed since.
  if (write >= bufferLength) write = 0;
  if (delayLeft >= tableLength) delayLeft = 0;
  if (delayRight >= tableLength) delayRight = 0;
  for (size_t t = 0; t < n; t++) {
    outLeft[t] = readDelayed(state.bufferLeft, bufferLength, static_cast<double>(write) - table[delayLeft]);
    if (++delayLeft == tableLength) delayLeft = 0;
    outRight[t] = readDelayed(state.bufferRight, bufferLength, static_cast<double>(write) - table[delayRight]);
    if (++delayRight == tableLength) delayRight = 0;
    state.bufferLeft[write] = inLeft[t];
    state.bufferRight[write] = inRight[t];
    if (++write == bufferLength) write = 0;
  }
  state.cursors[0] = static_cast<int32_t>(write);
  state.cursors[1] = static_cast<int32_t>(delayLeft);
  state.cursors[2] = static_cast<int32_t>(delayRight);
}

}  // namespace meltysynth
