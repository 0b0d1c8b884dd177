// The twin of lib/kernels/VoiceStart.ts: each function mirrors the TypeScript function of the
// same name; see those for the why.
#include "voice_start.h"

#include <cmath>
#include <cstdint>

#include "soundfont_math.h"
#include "voice_step.h"

namespace meltysynth {

namespace {

// The generator numbers of SoundFont 2.04 (8.1.2) that a voice's start reads.
enum Generator : size_t {
  kModulationLfoToPitch = 5,
  kVibratoLfoToPitch = 6,
  kModulationEnvelopeToPitch = 7,
  kInitialFilterCutoffFrequency = 8,
  kInitialFilterQ = 9,
  kModulationLfoToFilterCutoffFrequency = 10,
  kModulationEnvelopeToFilterCutoffFrequency = 11,
  kModulationLfoToVolume = 13,
  kChorusEffectsSend = 15,
  kReverbEffectsSend = 16,
  kPan = 17,
  kDelayModulationLfo = 21,
  kFrequencyModulationLfo = 22,
  kDelayVibratoLfo = 23,
  kFrequencyVibratoLfo = 24,
  kDelayModulationEnvelope = 25,
  kAttackModulationEnvelope = 26,
  kHoldModulationEnvelope = 27,
  kDecayModulationEnvelope = 28,
  kSustainModulationEnvelope = 29,
  kReleaseModulationEnvelope = 30,
  kKeyNumberToModulationEnvelopeHold = 31,
  kKeyNumberToModulationEnvelopeDecay = 32,
  kDelayVolumeEnvelope = 33,
  kAttackVolumeEnvelope = 34,
  kHoldVolumeEnvelope = 35,
  kDecayVolumeEnvelope = 36,
  kSustainVolumeEnvelope = 37,
  kReleaseVolumeEnvelope = 38,
  kKeyNumberToVolumeEnvelopeHold = 39,
  kKeyNumberToVolumeEnvelopeDecay = 40,
  kCoarseTune = 51,
  kFineTune = 52,
  kScaleTuning = 56,
};

const double kCent = fround(0.01);
const double kFracUnit = 16777216.0;
const int32_t kNoLoop = 0;

// What a store into an Int32Array makes of a double (ECMAScript's ToInt32), as the TypeScript
// twin writes: the identity on the integers the record holds, and defined for anything else.
int32_t toInt32(double x) {
  if (!std::isfinite(x)) return 0;
  double wrapped = std::fmod(std::trunc(x), 4294967296.0);
  if (wrapped < 0) wrapped += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(wrapped));
}

bool lfoRuns(double frequency) { return frequency > fround(1e-3); }

double keyScaling(double centsPerKey, double key) {
  return keyNumberToMultiplyingFactor(clamp(centsPerKey, -1200, 1200), key);
}

void updateVoiceInputs(const VoiceBank& b, size_t v, const double* g, double pitchCorrection, double noteDecibels) {
  const double filterQ = clamp(tenths(g[kInitialFilterQ]), 0, 96);
  b.noteGain[v] = static_cast<float>(decibelsToLinear(fround(noteDecibels - fround(fround(0.5) * filterQ))));
  b.cutoff[v] = static_cast<float>(centsToHertz(g[kInitialFilterCutoffFrequency]));
  b.resonance[v] = static_cast<float>(decibelsToLinear(filterQ));
  b.vibLfoToPitch[v] = static_cast<float>(kCent * g[kVibratoLfoToPitch]);
  b.modLfoToPitch[v] = static_cast<float>(kCent * g[kModulationLfoToPitch]);
  b.modEnvToPitch[v] = static_cast<float>(kCent * g[kModulationEnvelopeToPitch]);
  b.modLfoToCutoff[v] = static_cast<float>(g[kModulationLfoToFilterCutoffFrequency]);
  b.modEnvToCutoff[v] = static_cast<float>(g[kModulationEnvelopeToFilterCutoffFrequency]);
  b.modLfoToVolume[v] = static_cast<float>(clamp(tenths(g[kModulationLfoToVolume]), -96, 96));
  b.instrumentPan[v] = static_cast<float>(clamp(tenths(g[kPan]), -50, 50));
  b.instrumentReverb[v] = static_cast<float>(kCent * tenths(g[kReverbEffectsSend]));
  b.instrumentChorus[v] = static_cast<float>(kCent * tenths(g[kChorusEffectsSend]));
  b.tune[v] = static_cast<float>(g[kCoarseTune] + fround(kCent * (g[kFineTune] + pitchCorrection)));
  b.lastPitch[v] = NAN;

  int32_t flags = b.flags[v] & ~kFlagDynamicVolume;
  if (b.modLfoToCutoff[v] != 0 || b.modEnvToCutoff[v] != 0) flags |= kFlagDynamicCutoff;
  if (b.modLfoToVolume[v] > fround(0.05)) flags |= kFlagDynamicVolume;
  b.flags[v] = flags;
}

void startVolumeEnvelope(const VoiceBank& b, size_t v, double delay, double attack, double hold, double decay,
                         double sustain, double release) {
  b.volAttackSlope[v] = 1 / attack;
  b.volDecaySlope[v] = -9.226 / decay;
  b.volReleaseSlope[v] = -9.226 / release;
  b.volAttackStart[v] = delay;
  b.volHoldStart[v] = delay + attack;
  b.volDecayStart[v] = delay + attack + hold;
  b.volReleaseStart[v] = 0;
  b.volSustain[v] = static_cast<float>(clamp(sustain, 0, 1));
  b.volReleaseLevel[v] = 0;
  b.volStage[v] = kStageDelay;
  b.volValue[v] = 0;
  b.flags[v] &= ~kFlagSustaining;
  processVolumeEnvelope(b, v, 0, 1);
}

void startModulationEnvelope(const VoiceBank& b, size_t v, double delay, double attack, double hold, double decay,
                             double sustain, double release) {
  b.modAttackSlope[v] = 1 / attack;
  b.modDecaySlope[v] = 1 / decay;
  b.modReleaseSlope[v] = 1 / release;
  b.modAttackStart[v] = delay;
  b.modHoldStart[v] = delay + attack;
  b.modDecayStart[v] = delay + attack + hold;
  b.modDecayEnd[v] = delay + attack + hold + decay;
  b.modReleaseEnd[v] = release;
  b.modSustain[v] = static_cast<float>(clamp(sustain, 0, 1));
  b.modReleaseLevel[v] = 0;
  b.modStage[v] = kStageDelay;
  processModulationEnvelope(b, v, 0, 1);
}

void startOscillator(const VoiceBank& b, size_t v, double sampleRate, const double* note) {
  const double last = jsMax(note[kNoteWaveLength] - 1, 0);
  const double start = clamp(note[kNoteSampleStart], 0, last);
  const double end = clamp(note[kNoteSampleEnd], start, last);
  const double startLoop = clamp(note[kNoteSampleStartLoop], 0, last);
  const double endLoop = clamp(note[kNoteSampleEndLoop], 0, last);
  const int32_t mode = endLoop > startLoop ? toInt32(note[kNoteSampleModes]) : kNoLoop;
  b.loopMode[v] = mode;
  b.end[v] = toInt32(end);
  b.startLoop[v] = toInt32(startLoop);
  b.endLoop[v] = toInt32(endLoop);
  b.rootKey[v] = toInt32(note[kNoteRootKey]);
  b.pitchChangeScale[v] = static_cast<float>(fround(0.01) * note[kScaleTuning]);
  b.sampleRateRatio[v] = static_cast<float>(note[kNoteSampleRate] / sampleRate);
  b.lastPitch[v] = NAN;
  b.position[v] = start * kFracUnit;
  if (mode == kNoLoop) {
    b.flags[v] &= ~kFlagLooping;
  } else {
    b.flags[v] |= kFlagLooping;
  }
}

void clearFilter(const VoiceBank& b, size_t v) {
  b.filterCutoff[v] = NAN;
  b.x1[v] = 0;
  b.x2[v] = 0;
  b.y1[v] = 0;
  b.y2[v] = 0;
}

}  // namespace

void startVoice(const VoiceBank& b, size_t v, const double* note, double sampleRate) {
  const double* g = note;
  const double key = note[kNoteKey];
  b.exclusiveClass[v] = toInt32(note[kNoteExclusiveClass]);
  b.channel[v] = toInt32(note[kNoteChannel]);
  b.key[v] = toInt32(key);
  b.flags[v] = kFlagFresh;
  b.glideOffset[v] = 0;
  updateVoiceInputs(b, v, g, note[kNotePitchCorrection], note[kNoteDecibels]);

  const int32_t flags = b.flags[v];
  const double frequencyVibratoLfo = centsToHertz(g[kFrequencyVibratoLfo]);
  const double frequencyModulationLfo = centsToHertz(g[kFrequencyModulationLfo]);
  b.flags[v] = flags | (lfoRuns(frequencyVibratoLfo) ? kFlagVibLfo : 0) | (lfoRuns(frequencyModulationLfo) ? kFlagModLfo : 0);
  b.vibLfoDelay[v] = timecentsToSeconds(g[kDelayVibratoLfo]);
  b.vibLfoPeriod[v] = 1 / frequencyVibratoLfo;
  b.modLfoDelay[v] = timecentsToSeconds(g[kDelayModulationLfo]);
  b.modLfoPeriod[v] = 1 / frequencyModulationLfo;

  b.processed[v] = 0;
  startVolumeEnvelope(
      b, v, timecentsToSeconds(g[kDelayVolumeEnvelope]), timecentsToSeconds(g[kAttackVolumeEnvelope]),
      fround(timecentsToSeconds(g[kHoldVolumeEnvelope]) * keyScaling(g[kKeyNumberToVolumeEnvelopeHold], key)),
      fround(timecentsToSeconds(g[kDecayVolumeEnvelope]) * keyScaling(g[kKeyNumberToVolumeEnvelopeDecay], key)),
      decibelsToLinear(-tenths(g[kSustainVolumeEnvelope])),
      jsMax(timecentsToSeconds(g[kReleaseVolumeEnvelope]), fround(0.01)));
  startModulationEnvelope(
      b, v, timecentsToSeconds(g[kDelayModulationEnvelope]),
      fround(timecentsToSeconds(g[kAttackModulationEnvelope]) * note[kNoteAttackScale]),
      fround(timecentsToSeconds(g[kHoldModulationEnvelope]) * keyScaling(g[kKeyNumberToModulationEnvelopeHold], key)),
      fround(timecentsToSeconds(g[kDecayModulationEnvelope]) * keyScaling(g[kKeyNumberToModulationEnvelopeDecay], key)),
      fround(1 - fround(tenths(g[kSustainModulationEnvelope]) / 100)), timecentsToSeconds(g[kReleaseModulationEnvelope]));
  startOscillator(b, v, sampleRate, note);
  clearFilter(b, v);
  const double cutoff = b.cutoff[v];
  setLowPassFilter(b, v, sampleRate, cutoff, b.resonance[v]);
  b.smoothedCutoff[v] = static_cast<float>(cutoff);
  b.panAngle[v] = NAN;
  b.state[v] = kVoicePlaying;
}

}  // namespace meltysynth
