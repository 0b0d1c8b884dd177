import type { RenderOptions } from "../io/index.js";

/** The BullMQ queue that servers put renders on and workers take them from. */
export const queueName = "meltysynth-render";

/** A render job's data on the queue: the request, and the limits of the server that took it. */
export interface QueueJobData {
  font: string;
  /** The MIDI file, base64: job data travels as JSON. */
  midi: string;
  options: RenderOptions;
  maxRenderSeconds: number;
  maxResultBytes: number;
  resultTtlSeconds: number;
}

/** What a worker returns for a finished job; the audio itself is at {@link audioKey}. */
export interface QueueJobResult {
  mediaType: string;
  bytes: number;
  audioSeconds: number;
  renderSeconds: number;
}

/**
 * The Redis key of a finished job's audio, written by the worker with the result's time to live
 * before it completes the job. It is outside BullMQ's keys, which hold JSON.
 */
export function audioKey(id: string): string {
  return `meltysynth:${queueName}:audio:${id}`;
}

/**
 * BullMQ keeps a failed job's reason as text; a refusal's HTTP status travels at its start
 * ("422 the render took longer than ..."), for the server to answer with.
 */
export function failureReason(status: number, message: string): string {
  return `${status} ${message}`;
}

/** The status and message of a failed job's reason; 500 for a failure that is not a refusal. */
export function readFailureReason(reason: string): { status: number; message: string } {
  const match = /^([45]\d\d) ([^]*)$/.exec(reason);
  return match ? { status: Number(match[1]), message: match[2] } : { status: 500, message: `the render failed: ${reason}` };
}
