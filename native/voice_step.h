// The per-block voice step of the native backend: lib/kernels/VoiceStep.ts (envelopes, LFOs,
// oscillator and filter control) over the voice bank, the same arithmetic in the same
// order, so both backends give the same bits.
#pragma once

#include <cstddef>
#include <cstdint>

#include "voice_bank.h"

namespace meltysynth {

struct StepSettings {
  double sampleRate;
  double minVoiceLength;  // frames before a note-off can release the voice
  size_t blockSize;       // a note's first part is evaluated at one block of age at least
};

// Advances the first activeCount voices of order by `frames` and writes their gain ramps;
// a finished voice is swapped with the last active one, as MeltySynth does. Returns the
// number still active. The caller has checked every listed voice index and channel.
size_t stepVoices(const VoiceBank& bank, const ChannelTable& channels, const StepSettings& settings,
                  int32_t* order, size_t activeCount, size_t frames, double masterVolume);

// The step's pieces that a voice's start runs too (voice_start.cpp): the envelopes at `processed`
// frames, and the filter's coefficients for a cutoff and resonance.
bool processVolumeEnvelope(const VoiceBank& b, size_t v, double processed, double sampleRate);
void processModulationEnvelope(const VoiceBank& b, size_t v, double processed, double sampleRate);
void setLowPassFilter(const VoiceBank& b, size_t v, double sampleRate, double cutoff, double resonance);

}  // namespace meltysynth
