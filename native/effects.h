// Reverb and chorus over the memory of lib/synth/Reverb.ts and lib/synth/Chorus.ts: the same
// algorithm on the same typed arrays, so either backend can pick up where the other left off.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace meltysynth {

// Room for the message of a failed check; checks write it with snprintf and return false.
constexpr size_t kErrorLength = 256;

// Freeverb's state. The cursor, offset and length arrays belong to JavaScript; processReverb
// works on the checked copies here and writes the cursors back.
struct ReverbState {
  float* lines;
  size_t linesLength;
  int32_t offset[kReverbLineCount];
  int32_t length[kReverbLineCount];
  int32_t cursor[kReverbLineCount];
  float* stores;  // kCombCount values
  float feedback, damp1, damp2, allPassFeedback;
};

// Checks the delay lines' layout (read from JavaScript's arrays) and copies it into state.
bool loadReverbLayout(ReverbState& state, const int32_t* offsets, const int32_t* lengths, const int32_t* cursors,
                      char* error);

// Reverberates in[0..n) into left and right (overwriting them); updates cursors and stores.
void processReverb(const KernelSet& kernels, ReverbState& state, int32_t* cursorsOut, const float* in,
                   float* left, float* right, size_t n);

// MeltySynth's chorus. cursors: the write position, then the left and right positions in table.
struct ChorusState {
  float* bufferLeft;
  float* bufferRight;
  size_t bufferLength;
  const float* delayTable;
  size_t tableLength;
  int32_t* cursors;
};

// Checks the table once, when the buffers are registered: not empty, and every delay inside the
// buffers (processChorus guards its reads anyway, should the table change later).
bool checkChorusTable(const ChorusState& state, char* error);

// Checks the cursors.
bool checkChorusCursors(const ChorusState& state, char* error);

// Runs the chorus over n samples. It cannot read outside the buffers even if JavaScript changes
// the delay table: a delay that would leave [0, bufferLength) reads position 0 instead (the
// binding rejects such tables when they are registered).
void processChorus(ChorusState& state, const float* inLeft, const float* inRight, float* outLeft,
                   float* outRight, size_t n);

}  // namespace meltysynth
