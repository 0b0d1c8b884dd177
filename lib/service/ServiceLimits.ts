/** What the service accepts and how long it waits and keeps things. */
export interface ServiceLimits {
  /** The largest MIDI body, in bytes; more is answered 413. */
  maxMidiBytes: number;
  /** The longest render in seconds of audio (the song or its section, plus a fixed tail); more is answered 422. */
  maxSongSeconds: number;
  /** The most wall-clock seconds one render may take; a render that takes longer is stopped and answered 422. */
  maxRenderSeconds: number;
  /** Renders that may wait for a thread or a worker; beyond that, requests are answered 503 with Retry-After. */
  maxQueue: number;
  /** Seconds a finished job's status and audio are kept. */
  resultTtlSeconds: number;
  /** With a Redis queue: the largest audio a worker hands back through Redis, in bytes; a larger render fails with 422. */
  maxResultBytes: number;
  /** Seconds a client has to send a whole request, headers and body. */
  requestTimeoutSeconds: number;
  /** Seconds an idle keep-alive connection stays open. */
  idleTimeoutSeconds: number;
}

export const defaultLimits: ServiceLimits = {
  maxMidiBytes: 4 * 1024 * 1024,
  maxSongSeconds: 900,
  maxRenderSeconds: 300,
  maxQueue: 64,
  resultTtlSeconds: 3600,
  maxResultBytes: 256 * 1024 * 1024,
  requestTimeoutSeconds: 60,
  idleTimeoutSeconds: 5,
};
