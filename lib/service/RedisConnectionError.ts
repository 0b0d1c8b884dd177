/** A Redis queue the service or a worker was pointed at could not be reached when it started. */
export class RedisConnectionError extends Error {
  /** The queue's URL, without its password. */
  readonly url: string;

  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super(`cannot reach Redis at ${url}: ${problem}`, options);
    this.name = "RedisConnectionError";
    this.url = url;
  }
}
