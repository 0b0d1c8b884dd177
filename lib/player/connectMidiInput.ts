import type { Player } from "./Player.js";

/**
 * Plays what a Web MIDI input sends on `player`. Each message's `timeStamp` (the page's
 * `performance.now()` clock) is mapped to context time through the context's output timestamp,
 * plus `latency` seconds, constant so that notes keep the spacing they were played with.
 * @param latency Seconds added to every message: enough to cover the time a message takes to
 *   reach the audio thread. Default 0.02.
 * @returns A function that disconnects the input.
 */
export function connectMidiInput(player: Player, input: MIDIInput, latency = 0.02): () => void {
  const context = player.context as Partial<AudioContext> & BaseAudioContext;
  const listener = (event: MIDIMessageEvent): void => {
    const data = event.data;
    if (data === null || data.length === 0 || data[0] >= 0xf8 || (data[0] > 0xf0 && data[0] !== 0xf7)) return;
    const stamp = context.getOutputTimestamp?.();
    const known = stamp?.contextTime !== undefined && stamp.performanceTime !== undefined && stamp.contextTime > 0;
    const when = known ? stamp.contextTime! + (event.timeStamp - stamp.performanceTime!) / 1000 + latency : context.currentTime + latency;
    player.send(data, Math.max(0, when)).catch(() => {});
  };
  input.addEventListener("midimessage", listener);
  return () => input.removeEventListener("midimessage", listener);
}
