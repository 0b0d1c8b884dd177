// Reverb and chorus over the memory of lib/synth/Reverb.ts and lib/synth/Chorus.ts: the same
// algorithm on the same typed arrays, so either backend can pick up where the other left off.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace meltysynth {

// Room for the message of a failed check; checks write it with snprintf and return false.
constexpr size_t kErrorLength = 256;

// The settings in Reverb.parameters, as Reverb.ts numbers them: the values the last sample used,
// their targets and the most they move towards them in a sample.
enum ReverbParameter : size_t {
  kReverbFeedback,
  kReverbDamp1,
  kReverbDamp2,
  kReverbWet1,
  kReverbWet2,
  kReverbFeedbackTarget,
  kReverbDamp1Target,
  kReverbWet1Target,
  kReverbWet2Target,
  kReverbFeedbackSlew,
  kReverbDamp1Slew,
  kReverbWet1Slew,
  kReverbWet2Slew,
  kReverbParameterCount
};

// Freeverb's state. The cursor, offset and length arrays belong to JavaScript; processReverb
// works on the checked copies here and writes the cursors back.
struct ReverbState {
  float* lines;
  size_t linesLength;
  int32_t offset[kReverbLineCount];
  int32_t length[kReverbLineCount];
  int32_t cursor[kReverbLineCount];
  float* stores;      // kCombCount values
  float* parameters;  // kReverbParameterCount values, read at each block
  float allPassFeedback;
};

// Checks the delay lines' layout (read from JavaScript's arrays) and copies it into state.
bool loadReverbLayout(ReverbState& state, const int32_t* offsets, const int32_t* lengths, const int32_t* cursors,
                      char* error);

// Reverberates in[0..n) into left and right (overwriting them); updates cursors and stores.
void processReverb(const KernelSet& kernels, ReverbState& state, int32_t* cursorsOut, const float* in,
                   float* left, float* right, size_t n);

// The settings in Chorus.parameters, as Chorus.ts numbers them.
enum ChorusParameter : size_t {
  kChorusScale,
  kChorusOffset,
  kChorusScaleTarget,
  kChorusOffsetTarget,
  kChorusScaleSlew,
  kChorusOffsetSlew,
  kChorusGain,
  kChorusGainTarget,
  kChorusGainSlew,
  kChorusVoices,
  kChorusVoicesTarget,
  kChorusParameterCount
};

// The most voices per channel (EffectSettings.ts: MAXIMUM_CHORUS_VOICES).
constexpr size_t kMaxChorusVoices = 99;

// The chorus of Chorus.ts. cursors: the write position; phases: the left and right positions in
// the table and their step per sample.
struct ChorusState {
  float* bufferLeft;
  float* bufferRight;
  size_t bufferLength;
  const float* delayTable;
  size_t tableLength;
  int32_t* cursors;     // 1 value
  double* phases;       // 3 values
  float* parameters;    // kChorusParameterCount values, read at each block
};

// Checks the table once, when the buffers are registered: not empty, and every delay inside the
// buffers at MeltySynth's settings.
bool checkChorusTable(const ChorusState& state, char* error);

// Checks the cursors and phases.
bool checkChorusCursors(const ChorusState& state, char* error);

// Runs the chorus over n samples. It cannot read outside its arrays whatever JavaScript writes
// into them: a phase outside the table restarts at 0, a voice count outside [0, 99] counts as 0,
// and a delay that would leave [0, bufferLength) reads position 0 instead.
void processChorus(ChorusState& state, const float* inLeft, const float* inRight, float* outLeft,
                   float* outRight, size_t n);

}  // namespace meltysynth
