// Drivers of the reverb and chorus: they split each block where a delay line wraps and hand the
// stretches in between to the kernels.
#include "effects.h"

#include <cstdio>

namespace meltysynth {

namespace {

// EffectSettings.ts slew: a difference limited to [-limit, limit].
float slew(float difference, float limit) {
  return difference > limit ? limit : difference < -limit ? -limit : difference;
}

// Reverb.ts mixStereo: each output its own channel at wet1 plus the other at wet2, the gains
// moving towards the ones set; skipped while it is an identity.
void mixReverbStereo(float* p, float* left, float* right, size_t n) {
  float wet1 = p[kReverbWet1];
  float wet2 = p[kReverbWet2];
  const float to1 = p[kReverbWet1Target];
  const float to2 = p[kReverbWet2Target];
  if (wet1 == 1.0f && wet2 == 0.0f && to1 == 1.0f && to2 == 0.0f) return;
  const float slew1 = p[kReverbWet1Slew];
  const float slew2 = p[kReverbWet2Slew];
  for (size_t t = 0; t < n; t++) {
    wet1 += slew(to1 - wet1, slew1);
    wet2 += slew(to2 - wet2, slew2);
    const float l = left[t];
    const float r = right[t];
    left[t] = l * wet1 + r * wet2;
    right[t] = r * wet1 + l * wet2;
  }
  p[kReverbWet1] = wet1;
  p[kReverbWet2] = wet2;
}

}  // namespace

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
  float* p = state.parameters;
  CombBank bank;
  for (size_t c = 0; c < kCombCount; c++) bank.store[c] = state.stores[c];
  bank.feedback = p[kReverbFeedback];
  bank.damp1 = p[kReverbDamp1];
  bank.damp2 = p[kReverbDamp2];
  const float feedbackTarget = p[kReverbFeedbackTarget];
  const float damp1Target = p[kReverbDamp1Target];
  bool ramping = bank.feedback != feedbackTarget || bank.damp1 != damp1Target;

  // The combs, all 16 at once, in stretches where none of their lines wraps; one sample at a
  // time while the feedback or damping moves (Reverb.ts rampFilters), which lasts 20 ms.
  for (size_t t = 0; t < n;) {
    size_t stretch = n - t;
    if (ramping) {
      stretch = 1;
      bank.feedback += slew(feedbackTarget - bank.feedback, p[kReverbFeedbackSlew]);
      bank.damp1 += slew(damp1Target - bank.damp1, p[kReverbDamp1Slew]);
      bank.damp2 = 1.0f - bank.damp1;
    }
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
  p[kReverbFeedback] = bank.feedback;
  p[kReverbDamp1] = bank.damp1;
  p[kReverbDamp2] = bank.damp2;

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
  mixReverbStereo(state.parameters, left, right, n);
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
  for (size_t i = 0; i < 2; i++) {
    const double phase = state.phases[i];
    if (!(phase >= 0 && phase < static_cast<double>(state.tableLength))) {
      std::snprintf(error, kErrorLength, "chorus.phases[%zu] is %g, outside [0, %zu)", i, phase, state.tableLength);
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

// A phase inside [0, tableLength), or 0.
double checkedPhase(double phase, size_t tableLength) {
  return phase >= 0 && phase < static_cast<double>(tableLength) ? phase : 0;
}

// A voice count inside [0, kMaxChorusVoices], or 0.
size_t checkedVoices(float voices) {
  return voices >= 0 && voices <= static_cast<float>(kMaxChorusVoices) ? static_cast<size_t>(voices) : 0;
}

}  // namespace

void processChorus(ChorusState& state, const float* inLeft, const float* inRight, float* outLeft, float* outRight,
                   size_t n) {
  float* p = state.parameters;
  const size_t bufferLength = state.bufferLength;
  const size_t tableLength = state.tableLength;
  const float* table = state.delayTable;
  const size_t voices = checkedVoices(p[kChorusVoices]);
  const bool switching = p[kChorusVoicesTarget] != p[kChorusVoices];
  size_t offsets[kMaxChorusVoices];
  for (size_t k = 0; k < voices; k++) offsets[k] = k * tableLength / voices;
  float gain = p[kChorusGain];
  const float gainTarget = switching ? 0.0f : p[kChorusGainTarget];
  const float gainSlew = p[kChorusGainSlew];
  float scale = p[kChorusScale];
  float offset = p[kChorusOffset];
  const float scaleTarget = p[kChorusScaleTarget];
  const float offsetTarget = p[kChorusOffsetTarget];
  const float scaleSlew = p[kChorusScaleSlew];
  const float offsetSlew = p[kChorusOffsetSlew];
  double step = state.phases[2];
  if (!(step >= 0 && step < static_cast<double>(tableLength))) step = 0;
  // Checked before the block; checked again here in case they live in shared memory that
  // another thread changed since.
  size_t write = static_cast<size_t>(state.cursors[0]);
  if (write >= bufferLength) write = 0;
  double phaseLeft = checkedPhase(state.phases[0], tableLength);
  double phaseRight = checkedPhase(state.phases[1], tableLength);
  const double period = static_cast<double>(tableLength);
  // Settings at their targets move by +0 at every sample: after the first, which only turns a
  // -0 into +0, they stay as they are, and the loop can leave them alone.
  const bool steady = scale == scaleTarget && offset == offsetTarget && gain == gainTarget;
  if (steady) {
    scale = scale + 0.0f;
    offset = offset + 0.0f;
    gain = gain + 0.0f;
  }
  for (size_t t = 0; t < n; t++) {
    if (!steady) {
      scale = scale + slew(scaleTarget - scale, scaleSlew);
      offset = offset + slew(offsetTarget - offset, offsetSlew);
      gain = gain + slew(gainTarget - gain, gainSlew);
    }
    const size_t baseLeft = static_cast<size_t>(phaseLeft);
    const size_t baseRight = static_cast<size_t>(phaseRight);
    // -0 adds nothing to any value, -0 included, as the first tap alone would be.
    float left = -0.0f;
    float right = -0.0f;
    for (size_t k = 0; k < voices; k++) {
      size_t i = baseLeft + offsets[k];
      if (i >= tableLength) i -= tableLength;
      left += readDelayed(state.bufferLeft, bufferLength, static_cast<double>(write) - (table[i] * scale + offset));
      i = baseRight + offsets[k];
      if (i >= tableLength) i -= tableLength;
      right += readDelayed(state.bufferRight, bufferLength, static_cast<double>(write) - (table[i] * scale + offset));
    }
    outLeft[t] = left * gain;
    outRight[t] = right * gain;
    phaseLeft += step;
    if (phaseLeft >= period) phaseLeft -= period;
    phaseRight += step;
    if (phaseRight >= period) phaseRight -= period;
    state.bufferLeft[write] = inLeft[t];
    state.bufferRight[write] = inRight[t];
    if (++write == bufferLength) write = 0;
  }
  state.cursors[0] = static_cast<int32_t>(write);
  state.phases[0] = phaseLeft;
  state.phases[1] = phaseRight;
  p[kChorusScale] = scale;
  p[kChorusOffset] = offset;
  p[kChorusGain] = gain;
  if (switching && gain == 0.0f) p[kChorusVoices] = p[kChorusVoicesTarget];
}

}  // namespace meltysynth
