/** The stages of the volume and modulation envelopes, in the order they run. */
export const enum EnvelopeStage {
  Delay,
  Attack,
  Hold,
  Decay,
  Release,
}
