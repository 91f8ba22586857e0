/** The timer functions the pool and the queue schedule with; tests pass a fake clock's. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers. Background ones (`unref`) never keep the process alive on their own. */
export function nodeTimers(options: { unref: boolean }): Timers {
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      if (options.unref) handle.unref();
      return handle;
    },
    clearTimeout(handle) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/** setTimeout takes a signed 32-bit delay; a longer one would fire at once (a spend limit can rest a key for weeks). */
const LONGEST_DELAY_MS = 2_147_483_647;

/** A callback at an instant of the injected clock; delays beyond setTimeout's range are covered in steps. */
export class Alarm {
  private handle: unknown = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    readonly at: number,
    private readonly callback: () => void,
  ) {
    this.arm();
  }

  cancel(): void {
    if (this.handle === null) return;
    this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(): void {
    const delay = Math.max(0, this.at - this.now());
    const step = Math.min(delay, LONGEST_DELAY_MS);
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      if (step < delay) this.arm();
      else this.callback();
    }, step);
  }
}
