// The twin of lib/kernels/VoiceStep.ts: each function mirrors the TypeScript function of the same
// name, in the same order; see those for the why.
#include "voice_step.h"

#include <cmath>
#include <initializer_list>

#include "portable_math.h"
#include "soundfont_math.h"

namespace meltysynth {

namespace {

const double kNonAudible = fround(1e-3);
const double kLogNonAudible = fround(-6.9077554);
const double kPi = fround(3.141592653589793);
const double kHalfPi = fround(kPi / 2);
const double kPanToAngle = fround(kPi / 200);
const double kFracUnit = 16777216.0;
const double kMaxPitchRatio = 65536.0;
const double kResonancePeakOffset = fround(1 - fround(1 / fround(1.4142135623730951)));
// Reverb.inputGain (lib/synth/Reverb.ts): Freeverb's fixed gain.
const double kReverbInputGain = fround(0.015);

double expCutoff(double x) { return x < kLogNonAudible ? 0 : portableExp(x); }

int32_t advanceStage(int32_t stage, double time, double attackStart, double holdStart, double decayStart) {
  while (stage <= kStageHold) {
    const double end = stage == kStageDelay ? attackStart : stage == kStageAttack ? holdStart : decayStart;
    if (time < end) break;
    stage++;
  }
  return stage;
}

}  // namespace

bool processVolumeEnvelope(const VoiceBank& b, size_t v, double processed, double sampleRate) {
  const double time = processed / sampleRate;
  const int32_t stage = advanceStage(b.volStage[v], time, b.volAttackStart[v], b.volHoldStart[v], b.volDecayStart[v]);
  b.volStage[v] = stage;
  switch (stage) {
    case kStageDelay:
      b.volValue[v] = 0;
      b.volPriority[v] = 4;
      return true;
    case kStageAttack: {
      const double value = fround(b.volAttackSlope[v] * (time - b.volAttackStart[v]));
      b.volValue[v] = static_cast<float>(value);
      b.volPriority[v] = static_cast<float>(3 + value);
      return true;
    }
    case kStageHold:
      b.volValue[v] = 1;
      b.volPriority[v] = 3;
      return true;
    case kStageDecay: {
      if ((b.flags[v] & kFlagSustaining) == 0) {
        const double decayed = fround(expCutoff(b.volDecaySlope[v] * (time - b.volDecayStart[v])));
        const double sustain = b.volSustain[v];
        const double value = decayed > sustain ? decayed : sustain;
        if (!(decayed > sustain)) b.flags[v] |= kFlagSustaining;
        b.volValue[v] = static_cast<float>(value);
        b.volPriority[v] = static_cast<float>(1 + value);
      }
      return b.volValue[v] > kNonAudible;
    }
    default: {
      const double value =
          fround(b.volReleaseLevel[v] * expCutoff(b.volReleaseSlope[v] * (time - b.volReleaseStart[v])));
      b.volValue[v] = static_cast<float>(value);
      b.volPriority[v] = static_cast<float>(value);
      return value > kNonAudible;
    }
  }
}

void processModulationEnvelope(const VoiceBank& b, size_t v, double processed, double sampleRate) {
  const double time = processed / sampleRate;
  const int32_t stage = advanceStage(b.modStage[v], time, b.modAttackStart[v], b.modHoldStart[v], b.modDecayStart[v]);
  b.modStage[v] = stage;
  switch (stage) {
    case kStageDelay: b.modValue[v] = 0; return;
    case kStageAttack: b.modValue[v] = static_cast<float>(b.modAttackSlope[v] * (time - b.modAttackStart[v])); return;
    case kStageHold: b.modValue[v] = 1; return;
    case kStageDecay:
      b.modValue[v] = static_cast<float>(
          jsMax(fround(b.modDecaySlope[v] * (b.modDecayEnd[v] - time)), b.modSustain[v]));
      return;
    default:
      b.modValue[v] = static_cast<float>(jsMax(
          fround(static_cast<double>(b.modReleaseLevel[v]) * b.modReleaseSlope[v] * (b.modReleaseEnd[v] - time)), 0));
  }
}

namespace {

double lfoValue(double delay, double period, double time) {
  if (time < delay) return 0;
  const double phase = std::fmod(time - delay, period) / period;
  if (phase < 0.25) return fround(4 * phase);
  if (phase < 0.75) return fround(4 * (0.5 - phase));
  return fround(4 * (phase - 1));
}

double modLfoAt(const VoiceBank& b, size_t v, int32_t flags, double time) {
  return (flags & kFlagModLfo) == 0 ? 0 : lfoValue(b.modLfoDelay[v], b.modLfoPeriod[v], time);
}

bool processOscillator(const VoiceBank& b, size_t v, double pitch) {
  if ((b.flags[v] & kFlagLooping) == 0 && std::floor(b.position[v] / kFracUnit) >= b.end[v]) return false;
  if (pitch != b.lastPitch[v]) {
    b.lastPitch[v] = static_cast<float>(pitch);
    const double pitchChange =
        fround(fround(b.pitchChangeScale[v] * fround(pitch - b.rootKey[v])) + static_cast<double>(b.tune[v]));
    double pitchRatio = fround(b.sampleRateRatio[v] * portablePowf(2, fround(pitchChange / 12)));
    if (!(pitchRatio <= kMaxPitchRatio) && pitchRatio == pitchRatio) pitchRatio = kMaxPitchRatio;
    b.step[v] = std::trunc(kFracUnit * pitchRatio);
  }
  return true;
}

}  // namespace

void setLowPassFilter(const VoiceBank& b, size_t v, double sampleRate, double cutoff, double resonance) {
  if (cutoff == b.filterCutoff[v] && resonance == b.filterResonance[v]) return;
  b.filterCutoff[v] = static_cast<float>(cutoff);
  b.filterResonance[v] = static_cast<float>(resonance);
  if (!(cutoff < fround(fround(0.499) * sampleRate))) {
    b.flags[v] &= ~kFlagFilterActive;
    return;
  }
  b.flags[v] |= kFlagFilterActive;
  const double q = fround(resonance - fround(kResonancePeakOffset / fround(1 + fround(6 * fround(resonance - 1)))));
  const double w0 = fround(fround(fround(2 * kPi) * cutoff) / sampleRate);
  const double cosw = fround(portableCos(w0));
  const double alpha = fround(fround(portableSin(w0)) / fround(2 * q));
  const double b0 = fround(fround(1 - cosw) / 2);
  const double b1 = fround(1 - cosw);
  const double a0 = fround(1 + alpha);
  const double a1 = fround(-2 * cosw);
  const double a2 = fround(1 - alpha);
  b.b0[v] = static_cast<float>(b0 / a0);
  b.b1[v] = static_cast<float>(b1 / a0);
  b.b2[v] = static_cast<float>(b0 / a0);
  b.a1[v] = static_cast<float>(a1 / a0);
  b.a2[v] = static_cast<float>(a2 / a0);
}

namespace {

void setPanAngle(const VoiceBank& b, size_t v, double angle) {
  b.panAngle[v] = static_cast<float>(angle);
  if (angle <= 0) {
    b.panLeft[v] = 1;
    b.panRight[v] = 0;
  } else if (angle >= kHalfPi) {
    b.panLeft[v] = 0;
    b.panRight[v] = 1;
  } else {
    b.panLeft[v] = static_cast<float>(portableCos(angle));
    b.panRight[v] = static_cast<float>(portableSin(angle));
  }
}

void release(const VoiceBank& b, size_t v, double processed, double sampleRate) {
  const double now = processed / sampleRate;
  b.volStage[v] = kStageRelease;
  b.volReleaseStart[v] = now;
  b.volReleaseLevel[v] = b.volValue[v];
  b.modStage[v] = kStageRelease;
  b.modReleaseEnd[v] += now;
  b.modReleaseLevel[v] = b.modValue[v];
  if (b.loopMode[v] == kLoopUntilNoteOff) b.flags[v] &= ~kFlagLooping;
  b.state[v] = kVoiceReleased;
}

void advanceGlide(const VoiceBank& b, size_t v, double glide, size_t frames) {
  const double left = glide - static_cast<double>(b.glideRate[v]) * static_cast<double>(frames);
  b.glideOffset[v] = (left > 0) == (glide > 0) ? static_cast<float>(left) : 0.0f;
}

bool processVoice(const VoiceBank& b, const ChannelTable& ch, const StepSettings& s, size_t v, size_t frames,
                  double masterVolume) {
  if (b.noteGain[v] < kNonAudible && ((b.flags[v] & kFlagQuietLives) == 0 || b.noteGain[v] == 0)) return false;
  const size_t c = static_cast<size_t>(b.channel[v]);

  if (b.state[v] == kVoiceReleaseRequested && b.processed[v] >= s.minVoiceLength && ch.holdPedal[c] == 0) {
    release(b, v, b.processed[v], s.sampleRate);
  }

  const size_t advance = (b.flags[v] & kFlagFresh) != 0 && frames < s.blockSize ? s.blockSize : frames;
  const double processed = b.processed[v] + static_cast<double>(advance);
  b.processed[v] = processed;
  if (!processVolumeEnvelope(b, v, processed, s.sampleRate)) return false;
  processModulationEnvelope(b, v, processed, s.sampleRate);
  const double time = processed / s.sampleRate;

  const int32_t flags = b.flags[v];
  double modLfo = NAN;
  const double vibDepth = fround(static_cast<double>(ch.vibratoDepth[c]) + b.vibLfoToPitch[v]);
  const double vibLfo =
      vibDepth == 0 || (flags & kFlagVibLfo) == 0 ? 0 : lfoValue(b.vibLfoDelay[v], b.vibLfoPeriod[v], time);
  const double vibPitchChange = vibDepth == 0 ? 0 : fround(vibDepth * vibLfo);
  double modLfoPitch = 0;
  if (b.modLfoToPitch[v] != 0) {
    modLfo = modLfoAt(b, v, flags, time);
    modLfoPitch = fround(b.modLfoToPitch[v] * modLfo);
  }
  const double modPitchChange = fround(modLfoPitch + fround(static_cast<double>(b.modEnvToPitch[v]) * b.modValue[v]));
  const double pitch =
      fround(fround(fround(b.key[v] + vibPitchChange) + modPitchChange) + static_cast<double>(ch.pitchChange[c]));
  const double glide = b.glideOffset[v];
  if (glide != 0) advanceGlide(b, v, glide, advance);
  if (!processOscillator(b, v, glide == 0 ? pitch : fround(pitch + glide))) return false;

  if ((flags & kFlagDynamicCutoff) != 0) {
    double modLfoCents = 0;
    if (b.modLfoToCutoff[v] != 0) {
      if (modLfo != modLfo) modLfo = modLfoAt(b, v, flags, time);
      modLfoCents = fround(b.modLfoToCutoff[v] * modLfo);
    }
    const double cents = fround(modLfoCents + fround(static_cast<double>(b.modEnvToCutoff[v]) * b.modValue[v]));
    const double newCutoff = fround(centsToMultiplyingFactor(cents) * b.cutoff[v]);
    const double smoothed = b.smoothedCutoff[v];
    const double limited = clamp(newCutoff, fround(0.5 * smoothed), fround(2 * smoothed));
    b.smoothedCutoff[v] = static_cast<float>(limited);
    setLowPassFilter(b, v, s.sampleRate, limited, b.resonance[v]);
  }

  double mixGain = fround(fround(static_cast<double>(b.noteGain[v]) * ch.gain[c]) * b.volValue[v]);
  if ((flags & kFlagDynamicVolume) != 0) {
    if (modLfo != modLfo) modLfo = modLfoAt(b, v, flags, time);
    mixGain = fround(mixGain * decibelsToLinear(fround(b.modLfoToVolume[v] * modLfo)));
  }

  const double angle =
      fround(kPanToAngle * fround(fround(static_cast<double>(ch.pan[c]) + b.instrumentPan[v]) + 50));
  if (angle != b.panAngle[v]) setPanAngle(b, v, angle);
  const double mixLeft = fround(mixGain * b.panLeft[v]);
  const double mixRight = fround(mixGain * b.panRight[v]);
  const double reverbSend = clamp(fround(static_cast<double>(ch.reverbSend[c]) + b.instrumentReverb[v]), 0, 1);
  const double chorusSend = clamp(fround(static_cast<double>(ch.chorusSend[c]) + b.instrumentChorus[v]), 0, 1);

  const bool fresh = (flags & kFlagFresh) != 0;
  const double fromLeft = fresh ? mixLeft : b.mixLeft[v];
  const double fromRight = fresh ? mixRight : b.mixRight[v];
  const double fromReverb = fresh ? reverbSend : b.reverbSend[v];
  const double fromChorus = fresh ? chorusSend : b.chorusSend[v];
  b.flags[v] &= ~kFlagFresh;
  b.mixLeft[v] = static_cast<float>(mixLeft);
  b.mixRight[v] = static_cast<float>(mixRight);
  b.reverbSend[v] = static_cast<float>(reverbSend);
  b.chorusSend[v] = static_cast<float>(chorusSend);

  b.leftFrom[v] = static_cast<float>(masterVolume * fromLeft);
  b.leftTo[v] = static_cast<float>(masterVolume * mixLeft);
  b.rightFrom[v] = static_cast<float>(masterVolume * fromRight);
  b.rightTo[v] = static_cast<float>(masterVolume * mixRight);
  b.chorusLeftFrom[v] = static_cast<float>(fromChorus * fromLeft);
  b.chorusLeftTo[v] = static_cast<float>(chorusSend * mixLeft);
  b.chorusRightFrom[v] = static_cast<float>(fromChorus * fromRight);
  b.chorusRightTo[v] = static_cast<float>(chorusSend * mixRight);
  b.reverbFrom[v] = static_cast<float>(fround(kReverbInputGain * fromReverb) * fround(fromLeft + fromRight));
  b.reverbTo[v] = static_cast<float>(fround(kReverbInputGain * reverbSend) * fround(mixLeft + mixRight));
  if ((flags & kFlagSilent) != 0) {
    for (float* gains : {b.leftFrom, b.leftTo, b.rightFrom, b.rightTo, b.chorusLeftFrom, b.chorusLeftTo,
                         b.chorusRightFrom, b.chorusRightTo, b.reverbFrom, b.reverbTo}) {
      gains[v] = 0;
    }
  }
  return true;
}

}  // namespace

size_t stepVoices(const VoiceBank& bank, const ChannelTable& channels, const StepSettings& settings,
                  int32_t* order, size_t activeCount, size_t frames, double masterVolume) {
  size_t i = 0;
  while (i < activeCount) {
    const int32_t v = order[i];
    if (processVoice(bank, channels, settings, static_cast<size_t>(v), frames, masterVolume)) {
      i++;
    } else {
      activeCount--;
      order[i] = order[activeCount];
      order[activeCount] = v;
    }
  }
  return activeCount;
}

}  // namespace meltysynth
