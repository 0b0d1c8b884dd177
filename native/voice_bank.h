// The voice bank: every voice's state as struct-of-arrays in one buffer that JavaScript owns,
// and the channels' controller state. lib/kernels/VoiceBank.ts is the description of the layout;
// the lists below name the same fields in the same order, and the binding reports them
// (voiceBankLayout) so that a renderer refuses to start when the two sides differ.
#pragma once

#include <cstddef>
#include <cstdint>

namespace meltysynth {

#define MELTYSYNTH_VOICE_F64(X)                                                                          \
  X(position) X(step) X(processed) X(volAttackSlope) X(volDecaySlope) X(volReleaseSlope) X(volAttackStart) \
  X(volHoldStart) X(volDecayStart) X(volReleaseStart) X(modAttackSlope) X(modDecaySlope) X(modReleaseSlope) \
  X(modAttackStart) X(modHoldStart) X(modDecayStart) X(modDecayEnd) X(modReleaseEnd) X(vibLfoDelay)         \
  X(vibLfoPeriod) X(modLfoDelay) X(modLfoPeriod)

#define MELTYSYNTH_VOICE_F32(X)                                                                             \
  X(b0) X(b1) X(b2) X(a1) X(a2) X(x1) X(x2) X(y1) X(y2) X(leftFrom) X(leftTo) X(rightFrom) X(rightTo)         \
  X(chorusLeftFrom) X(chorusLeftTo) X(chorusRightFrom) X(chorusRightTo) X(reverbFrom) X(reverbTo)           \
  X(volSustain) X(volReleaseLevel) X(volValue) X(volPriority) X(modSustain) X(modReleaseLevel) X(modValue)  \
  X(noteGain) X(cutoff) X(resonance) X(vibLfoToPitch) X(modLfoToPitch) X(modEnvToPitch) X(modLfoToCutoff)   \
  X(modEnvToCutoff) X(modLfoToVolume) X(instrumentPan) X(instrumentReverb) X(instrumentChorus) X(tune)      \
  X(pitchChangeScale) X(sampleRateRatio) X(lastPitch) X(smoothedCutoff) X(filterCutoff) X(filterResonance)  \
  X(panAngle) X(panLeft) X(panRight) X(mixLeft) X(mixRight) X(reverbSend) X(chorusSend) X(glideOffset)     \
  X(glideRate)

#define MELTYSYNTH_VOICE_I32(X)                                                                       \
  X(flags) X(end) X(startLoop) X(endLoop) X(loopMode) X(rootKey) X(channel) X(key) X(exclusiveClass) \
  X(state) X(volStage) X(modStage)

#define MELTYSYNTH_CHANNEL_F32(X) X(vibratoDepth) X(pitchChange) X(gain) X(pan) X(reverbSend) X(chorusSend) X(holdPedal)

// The numbers both sides agree on (VoiceBank.ts: VOICE_BANK_CONSTANTS, by the second name): the
// `flags` bits, the `state` values, the envelope stages and the loop mode the step reads, and
// where the note-start record keeps what a voice starts from.
#define MELTYSYNTH_CONSTANTS(X)                                                                  \
  X(kFlagLooping, FLAG_LOOPING, 1)                                                               \
  X(kFlagFilterActive, FLAG_FILTER_ACTIVE, 2)                                                    \
  X(kFlagDynamicCutoff, FLAG_DYNAMIC_CUTOFF, 4)                                                  \
  X(kFlagDynamicVolume, FLAG_DYNAMIC_VOLUME, 8)                                                  \
  X(kFlagVibLfo, FLAG_VIB_LFO, 16)                                                               \
  X(kFlagModLfo, FLAG_MOD_LFO, 32)                                                               \
  X(kFlagSustaining, FLAG_SUSTAINING, 64)                                                        \
  X(kFlagFresh, FLAG_FRESH, 128)                                                                 \
  X(kFlagQuietLives, FLAG_QUIET_LIVES, 256)                                                      \
  X(kFlagLooped, FLAG_LOOPED, 512)                                                               \
  X(kFlagSilent, FLAG_SILENT, 1024)                                                              \
  X(kVoicePlaying, VOICE_PLAYING, 0)                                                             \
  X(kVoiceReleaseRequested, VOICE_RELEASE_REQUESTED, 1)                                          \
  X(kVoiceReleased, VOICE_RELEASED, 2)                                                           \
  X(kStageDelay, STAGE_DELAY, 0)                                                                 \
  X(kStageAttack, STAGE_ATTACK, 1)                                                               \
  X(kStageHold, STAGE_HOLD, 2)                                                                   \
  X(kStageDecay, STAGE_DECAY, 3)                                                                 \
  X(kStageRelease, STAGE_RELEASE, 4)                                                             \
  X(kLoopUntilNoteOff, LOOP_UNTIL_NOTE_OFF, 3)                                                  \
  X(kMaxChannels, MAX_CHANNELS, 256)                                                            \
  X(kNoteExclusiveClass, NOTE_EXCLUSIVE_CLASS, 61)                                               \
  X(kNoteSampleStart, NOTE_SAMPLE_START, 62)                                                     \
  X(kNoteSampleEnd, NOTE_SAMPLE_END, 63)                                                         \
  X(kNoteSampleStartLoop, NOTE_SAMPLE_START_LOOP, 64)                                            \
  X(kNoteSampleEndLoop, NOTE_SAMPLE_END_LOOP, 65)                                                \
  X(kNoteSampleModes, NOTE_SAMPLE_MODES, 66)                                                     \
  X(kNotePitchCorrection, NOTE_PITCH_CORRECTION, 67)                                             \
  X(kNoteRootKey, NOTE_ROOT_KEY, 68)                                                             \
  X(kNoteSampleRate, NOTE_SAMPLE_RATE, 69)                                                       \
  X(kNoteWaveLength, NOTE_WAVE_LENGTH, 70)                                                       \
  X(kNoteChannel, NOTE_CHANNEL, 71)                                                              \
  X(kNoteKey, NOTE_KEY, 72)                                                                      \
  X(kNoteDecibels, NOTE_DECIBELS, 73)                                                            \
  X(kNoteAttackScale, NOTE_ATTACK_SCALE, 74)                                                     \
  X(kNoteStartLength, NOTE_START_LENGTH, 75)

#define MELTYSYNTH_CONSTANT(name, shared, value) constexpr int32_t name = value;
MELTYSYNTH_CONSTANTS(MELTYSYNTH_CONSTANT)
#undef MELTYSYNTH_CONSTANT

#define MELTYSYNTH_COUNT(name) +1
constexpr size_t kVoiceF64Count = 0 MELTYSYNTH_VOICE_F64(MELTYSYNTH_COUNT);
constexpr size_t kVoiceF32Count = 0 MELTYSYNTH_VOICE_F32(MELTYSYNTH_COUNT);
constexpr size_t kVoiceI32Count = 0 MELTYSYNTH_VOICE_I32(MELTYSYNTH_COUNT);
constexpr size_t kChannelFieldCount = 0 MELTYSYNTH_CHANNEL_F32(MELTYSYNTH_COUNT);
#undef MELTYSYNTH_COUNT

// Floats in the channel table: each field for every channel a synthesizer can grow to.
constexpr size_t kChannelTableLength = kChannelFieldCount * kMaxChannels;

// Bytes of one voice across all fields.
constexpr size_t kVoiceBytes = 8 * kVoiceF64Count + 4 * kVoiceF32Count + 4 * kVoiceI32Count;

// Pointers to each field's array, for a bank of `capacity` voices.
struct VoiceBank {
  size_t capacity = 0;
#define MELTYSYNTH_F64(name) double* name = nullptr;
#define MELTYSYNTH_F32(name) float* name = nullptr;
#define MELTYSYNTH_I32(name) int32_t* name = nullptr;
  MELTYSYNTH_VOICE_F64(MELTYSYNTH_F64)
  MELTYSYNTH_VOICE_F32(MELTYSYNTH_F32)
  MELTYSYNTH_VOICE_I32(MELTYSYNTH_I32)
#undef MELTYSYNTH_F64
#undef MELTYSYNTH_F32
#undef MELTYSYNTH_I32
};

// Each channel field's kMaxChannels values.
struct ChannelTable {
#define MELTYSYNTH_F32(name) const float* name = nullptr;
  MELTYSYNTH_CHANNEL_F32(MELTYSYNTH_F32)
#undef MELTYSYNTH_F32
};

// The bank over `bytes` (capacity * kVoiceBytes, 8-byte aligned), laid out as VoiceBank.ts does.
inline VoiceBank bindVoiceBank(uint8_t* bytes, size_t capacity) {
  VoiceBank bank;
  bank.capacity = capacity;
  uint8_t* next = bytes;
#define MELTYSYNTH_BIND(name, type)                    \
  bank.name = reinterpret_cast<type*>(next);           \
  next += sizeof(type) * capacity;
#define MELTYSYNTH_F64(name) MELTYSYNTH_BIND(name, double)
#define MELTYSYNTH_F32(name) MELTYSYNTH_BIND(name, float)
#define MELTYSYNTH_I32(name) MELTYSYNTH_BIND(name, int32_t)
  MELTYSYNTH_VOICE_F64(MELTYSYNTH_F64)
  MELTYSYNTH_VOICE_F32(MELTYSYNTH_F32)
  MELTYSYNTH_VOICE_I32(MELTYSYNTH_I32)
#undef MELTYSYNTH_F64
#undef MELTYSYNTH_F32
#undef MELTYSYNTH_I32
#undef MELTYSYNTH_BIND
  return bank;
}

// The channel table over kChannelTableLength floats.
inline ChannelTable bindChannelTable(const float* data) {
  ChannelTable table;
  const float* next = data;
#define MELTYSYNTH_F32(name) table.name = next, next += kMaxChannels;
  MELTYSYNTH_CHANNEL_F32(MELTYSYNTH_F32)
#undef MELTYSYNTH_F32
  return table;
}

}  // namespace meltysynth
