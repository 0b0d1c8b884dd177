/**
 * Thrown when a message is scheduled with a frame offset while the synthesizer's event queue
 * already holds `eventQueueCapacity` messages. A RangeError, as every argument the synthesizer
 * cannot take is; a class of its own so that a caller (the sequencer) can tell a full queue
 * from a bad argument and apply the message now instead.
 */
export class EventQueueFullError extends RangeError {
  override readonly name = "EventQueueFullError";

  constructor(readonly capacity: number) {
    super(
      `the event queue is full (${capacity} messages wait to be applied): render before scheduling ` +
        "more, or raise the eventQueueCapacity setting",
    );
  }
}
