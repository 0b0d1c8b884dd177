// A voice's start in compiled code: the twin of lib/kernels/VoiceStart.ts, the same arithmetic in
// the same order, so that a note starts with the same bits on every backend.
#pragma once

#include <cstddef>

#include "voice_bank.h"

namespace meltysynth {

// Writes voice v of the bank from the note-start record `note` (kNoteStartLength values: the
// note's generators, then the kNote* slots) for a synthesizer at sampleRate. The caller has
// checked that v is a voice of the bank.
void startVoice(const VoiceBank& bank, size_t v, const double* note, double sampleRate);

}  // namespace meltysynth
