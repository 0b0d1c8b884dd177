// Starts a MIDI file playing on an audio context (an AudioContext for the speakers, or an
// OfflineAudioContext to render into a buffer), through the worklet in player-processor.js.

const processorUrl = new URL("./player-processor.js", import.meta.url);

/**
 * @param {BaseAudioContext} context
 * @param {ArrayBuffer} soundFont The bytes of an SF2 file (the page decodes an SF3 one to SF2 first).
 * @param {ArrayBuffer} song The bytes of a MIDI file.
 * @returns {Promise<AudioWorkletNode>} The playing node, connected to the context's destination;
 *   its port posts `{ type: "ended" }` when the song's last event has played.
 */
export async function startPlayer(context, soundFont, song) {
  await context.audioWorklet.addModule(processorUrl);
  const node = new AudioWorkletNode(context, "meltysynth-player", {
    numberOfInputs: 0,
    outputChannelCount: [2],
    processorOptions: { soundFont, song },
  });
  node.connect(context.destination);
  return node;
}
