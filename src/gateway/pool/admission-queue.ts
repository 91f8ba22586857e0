import { Alarm, nodeTimers, type Timers } from './timers.js';
import type { AbortWatch } from './types.js';

export type WaitResult = 'woken' | 'expired' | 'full' | 'aborted';

export interface AdmissionQueueOptions {
  maxSize: number;
  now?: () => number;
  /** Waiters' deadline timers; Node's by default (kept referenced: a waiting request must get its answer). */
  timers?: Timers;
}

/** One waiting request: a node of the queue's doubly linked list. */
interface Waiter {
  readonly enqueuedAt: number;
  readonly resolve: (result: WaitResult) => void;
  queued: boolean;
  alarm: Alarm | null;
  signal: AbortWatch | undefined;
  onAbort: (() => void) | null;
  previous: Waiter | null;
  next: Waiter | null;
}

/**
 * Requests wait here, first come first served, until a key may have room (`wake`, or the instant the pool named),
 * their deadline passes, or their client goes away. Enqueue, dequeue and removal are O(1).
 */
export class AdmissionQueue {
  private readonly maxSize: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  private head: Waiter | null = null;
  private tail: Waiter | null = null;
  private size = 0;

  constructor(options: AdmissionQueueOptions) {
    this.maxSize = options.maxSize;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? nodeTimers({ unref: false });
  }

  /**
   * Waits until `wake()` picks this waiter or `wakeAt` comes ('woken'), `deadline` passes ('expired') or `signal`
   * aborts ('aborted'), whichever is first. 'full' at once when `maxSize` requests are already waiting.
   */
  wait(deadline: number, wakeAt: number | null, signal?: AbortWatch): Promise<WaitResult> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.size >= this.maxSize) return Promise.resolve('full');
    const now = this.now();
    const woken = wakeAt !== null && wakeAt <= deadline;
    const at = woken ? wakeAt : deadline;
    if (at <= now) return Promise.resolve(woken ? 'woken' : 'expired');
    return new Promise<WaitResult>((resolve) => {
      const waiter: Waiter = { enqueuedAt: now, resolve, queued: true, alarm: null, signal, onAbort: null, previous: this.tail, next: null };
      this.append(waiter);
      if (Number.isFinite(at)) waiter.alarm = new Alarm(this.timers, this.now, at, () => this.settle(waiter, woken ? 'woken' : 'expired'));
      if (signal !== undefined) {
        waiter.onAbort = () => this.settle(waiter, 'aborted');
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
    });
  }

  /** Wakes the `count` oldest waiters. */
  wake(count = 1): void {
    for (let woken = 0; woken < count && this.head !== null; woken++) this.settle(this.head, 'woken');
  }

  wakeAll(): void {
    this.wake(this.size);
  }

  depth(): number {
    return this.size;
  }

  /** How long the oldest waiter has waited; 0 when none waits. */
  oldestWaitMs(): number {
    return this.head === null ? 0 : Math.max(0, this.now() - this.head.enqueuedAt);
  }

  private append(waiter: Waiter): void {
    if (this.tail === null) this.head = waiter;
    else this.tail.next = waiter;
    this.tail = waiter;
    this.size++;
  }

  /** Takes the waiter out of the queue, drops its timer and abort listener, and answers it. */
  private settle(waiter: Waiter, result: WaitResult): void {
    if (!waiter.queued) return;
    waiter.queued = false;
    if (waiter.previous === null) this.head = waiter.next;
    else waiter.previous.next = waiter.next;
    if (waiter.next === null) this.tail = waiter.previous;
    else waiter.next.previous = waiter.previous;
    waiter.previous = null;
    waiter.next = null;
    this.size--;
    waiter.alarm?.cancel();
    waiter.alarm = null;
    if (waiter.onAbort !== null) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.onAbort = null;
    waiter.signal = undefined;
    waiter.resolve(result);
  }
}
