import { EventQueueFullError } from "./EventQueueFullError.js";

/**
 * MIDI messages waiting for their frame, in a ring allocated once: scheduling a message and
 * applying it allocate nothing. Kept in frame order; messages for the same frame keep the order
 * they were scheduled in.
 */
export class MessageQueue {
  private readonly frames: Float64Array;
  /** channel | command << 8 | data1 << 16 | data2 << 24 */
  private readonly messages: Int32Array;
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.frames = new Float64Array(capacity);
    this.messages = new Int32Array(capacity);
  }

  /** @throws EventQueueFullError when the queue is full. */
  push(frame: number, channel: number, command: number, data1: number, data2: number): void {
    const { capacity, frames, messages } = this;
    if (this.size === capacity) throw new EventQueueFullError(capacity);
    // Insertion from the back: in the usual case (messages scheduled in order) nothing moves.
    let position = this.size;
    while (position > 0) {
      const previous = (this.head + position - 1) % capacity;
      if (frames[previous] <= frame) break;
      const to = (this.head + position) % capacity;
      frames[to] = frames[previous];
      messages[to] = messages[previous];
      position--;
    }
    const at = (this.head + position) % capacity;
    frames[at] = frame;
    messages[at] = channel | ((command & 0xf0) << 8) | (data1 << 16) | (data2 << 24);
    this.size++;
  }

  /** Whether a message waits whose frame is at most `frame`. */
  hasDue(frame: number): boolean {
    return this.size > 0 && this.frames[this.head] <= frame;
  }

  /** The frame of the first waiting message; only when there is one. */
  firstFrame(): number {
    return this.frames[this.head];
  }

  /** Removes the first waiting message and returns it packed: channel | command << 8 | data1 << 16 | data2 << 24. */
  shift(): number {
    const message = this.messages[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return message;
  }

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
