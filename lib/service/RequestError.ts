/**
 * A request the service refuses or a render it could not make, with the HTTP status that says
 * whose fault it is: 400 for a malformed request, 404 for an unknown job, 409 for audio asked
 * for too early, 413 for a body over the size limit, 422 for a song over a length or time
 * limit, 503 when the queue is full or the service is stopping. The message names the parameter
 * or the limit, and is what the client reads in `{ "error": ... }`.
 */
export class RequestError extends Error {
  readonly status: number;
  /** Seconds after which the client may try again (503). */
  readonly retryAfter: number | undefined;

  constructor(status: number, message: string, options: { retryAfter?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RequestError";
    this.status = status;
    this.retryAfter = options.retryAfter;
  }
}
