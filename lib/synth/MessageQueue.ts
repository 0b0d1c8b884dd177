import { EventQueueFullError } from "./EventQueueFullError.js";

/**
 * MIDI messages waiting for their frame, in a ring allocated once: scheduling a message and
 * applying it allocate nothing. Kept in frame order; messages for the same frame keep the order
 * they were scheduled in. A system exclusive message waits as status F0 with its bytes beside it.
 */
export class MessageQueue {
  private readonly frames: Float64Array;
  /** channel | command << 8 | data1 << 16 | data2 << 24 */
  private readonly messages: Int32Array;
  private readonly sysEx: (Uint8Array | null)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.frames = new Float64Array(capacity);
    this.messages = new Int32Array(capacity);
    this.sysEx = new Array<Uint8Array | null>(capacity).fill(null);
  }

  /** The bytes of the system exclusive message `shift` returned last; null for a channel message. */
  shiftedSysEx: Uint8Array | null = null;

  /** @throws EventQueueFullError when the queue is full. */
  push(frame: number, channel: number, command: number, data1: number, data2: number, sysEx: Uint8Array | null = null): void {
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
      this.sysEx[to] = this.sysEx[previous];
      position--;
    }
    const at = (this.head + position) % capacity;
    frames[at] = frame;
    messages[at] = channel | ((command & 0xf0) << 8) | (data1 << 16) | (data2 << 24);
    this.sysEx[at] = sysEx;
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
    this.shiftedSysEx = this.sysEx[this.head];
    this.sysEx[this.head] = null;
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
    this.sysEx.fill(null);
  }
}
