import type { Timers } from '../../../src/gateway/pool/timers.js';

/** A clock and timers that move only when told: `advance` fires due timers in order, each at its own instant. */
export class FakeClock implements Timers {
  private time: number;
  private readonly scheduled = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  /** Starts on a whole second, so per-second windows line up with the numbers in the tests. */
  constructor(start = 1_750_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.scheduled.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.scheduled.delete(handle as number);
  }

  /** Timers still waiting to fire. */
  pending(): number {
    return this.scheduled.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let dueId = -1;
      let dueAt = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.scheduled) {
        if (timer.at <= end && timer.at < dueAt) [dueId, dueAt] = [id, timer.at];
      }
      const due = this.scheduled.get(dueId);
      if (due === undefined) break;
      this.scheduled.delete(dueId);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
  }
}
