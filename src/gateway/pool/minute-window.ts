const SLOTS = 60;

const secondOf = (ms: number): number => Math.floor(ms / 1000);
const slotOf = (second: number): number => ((second % SLOTS) + SLOTS) % SLOTS;

/**
 * A sum over the last 60 seconds kept in one slot per second: constant memory and O(1) amortised work whatever
 * the traffic. An amount counted during second `s` leaves the window when second `s + 60` begins.
 */
export class MinuteWindow {
  private readonly slots = new Float64Array(SLOTS);
  private total = 0;
  /** The epoch second of the newest slot; the window holds seconds newest-59 ... newest. */
  private newest = Number.NEGATIVE_INFINITY;

  /** The sum over the last minute as of `nowMs`. */
  sum(nowMs: number): number {
    this.advance(secondOf(nowMs));
    return this.total;
  }

  /** Counts `amount` now; returns the second it was counted in (for `correct`). */
  add(nowMs: number, amount: number): number {
    this.advance(secondOf(nowMs));
    this.slots[slotOf(this.newest)]! += amount;
    this.total += amount;
    return this.newest;
  }

  /** Changes what was counted at `second` by `delta` (a reservation replaced by the actual use), if still in the window. */
  correct(second: number, delta: number, nowMs: number): void {
    this.advance(secondOf(nowMs));
    if (second > this.newest || second <= this.newest - SLOTS) return;
    const slot = slotOf(second);
    const corrected = Math.max(0, this.slots[slot]! + delta);
    this.total += corrected - this.slots[slot]!;
    this.slots[slot] = corrected;
  }

  /** The earliest instant (epoch ms) at which the sum is at most `ceiling` as old seconds leave the window. */
  timeWhenAtMost(ceiling: number, nowMs: number): number {
    this.advance(secondOf(nowMs));
    if (this.total <= ceiling) return nowMs;
    let left = this.total;
    for (let second = this.newest - SLOTS + 1; second <= this.newest; second++) {
      left -= this.slots[slotOf(second)]!;
      if (left <= ceiling) return (second + SLOTS) * 1000;
    }
    return (this.newest + SLOTS) * 1000;
  }

  private advance(second: number): void {
    // A clock that steps back keeps counting into the newest slot.
    if (second <= this.newest) return;
    if (second - this.newest >= SLOTS) {
      this.slots.fill(0);
      this.total = 0;
    } else {
      for (let passed = this.newest + 1; passed <= second; passed++) {
        const slot = slotOf(passed);
        this.total -= this.slots[slot]!;
        this.slots[slot] = 0;
      }
    }
    this.newest = second;
  }
}
