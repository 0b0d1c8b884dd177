// Shared by every quantum with nothing due, so that such a quantum allocates nothing.
const NONE: readonly never[] = [];

/**
 * Items waiting for a context frame, kept in frame order (items for the same frame in the order
 * they came), so that each quantum takes the ones due in it from the front.
 */
export class PendingList<T extends { frame: number }> {
  private readonly items: T[] = [];

  /** Adds `item` after every item whose frame is at most its own. */
  add(item: T): void {
    let at = this.items.length;
    while (at > 0 && this.items[at - 1].frame > item.frame) at--;
    this.items.splice(at, 0, item);
  }

  /** Removes and returns, in order, the items whose frame is before `end`. */
  takeBefore(end: number): readonly T[] {
    let count = 0;
    while (count < this.items.length && this.items[count].frame < end) count++;
    return count === 0 ? NONE : this.items.splice(0, count);
  }
}
