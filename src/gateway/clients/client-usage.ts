import { MinuteWindow } from '../pool/minute-window.js';
import type { ClientKeyRecord, GatewayStore } from '../store/types.js';
import { periodSpan } from './budget-period.js';

/** The budget of the period in progress: the store's total when it was read, plus what finished since. */
interface BudgetSpent {
  start: number;
  end: number | null;
  /** Tokens the store held for this period when it was read. */
  stored: number;
  /** Tokens of requests that finished after that read; their usage rows may not be written yet. */
  addedSinceRead: number;
}

/** The limit a request would break, with what it saw; null when it may go. */
export type LimitHit =
  | { limit: 'budget'; value: number; used: number; resetsAt: number | null }
  | { limit: 'rpm'; value: number; used: number; resetsAt: number }
  | { limit: 'concurrency'; value: number; used: number; resetsAt: number };

/**
 * What one client key is using right now: requests in progress, requests in the last minute and tokens
 * this budget period. Constant size per key and O(1) per request (the minute is one slot per second).
 *
 * Budgets hold across restarts: the store's token count for the period is read once per period and
 * requests that finish later are added in memory, so the rows the usage recorder writes afterwards are
 * never counted twice. A request is admitted while the budget is not yet spent, so requests already
 * running may take it past the limit (by at most what they use): the next request is refused.
 */
export class ClientUsage {
  inFlight = 0;
  private readonly minute = new MinuteWindow();
  private budget: BudgetSpent | null = null;

  /** The first limit of `key` this request would break, checking the longest wait first. */
  limitHit(key: ClientKeyRecord, store: GatewayStore, now: number): LimitHit | null {
    if (key.budgetTokens !== null) {
      const spent = this.budgetOf(key, store, now);
      const used = spent.stored + spent.addedSinceRead;
      if (used >= key.budgetTokens) return { limit: 'budget', value: key.budgetTokens, used, resetsAt: spent.end };
    }
    if (key.requestsPerMinute !== null) {
      const used = this.minute.sum(now);
      // Admitting needs room for one more: the wait is until at most limit - 1 remain in the window
      if (used >= key.requestsPerMinute) return { limit: 'rpm', value: key.requestsPerMinute, used, resetsAt: this.minute.timeWhenAtMost(key.requestsPerMinute - 1, now) };
    }
    if (key.maxConcurrent !== null && this.inFlight >= key.maxConcurrent) {
      // Nobody knows when a running request ends; a second is a fair time to look again
      return { limit: 'concurrency', value: key.maxConcurrent, used: this.inFlight, resetsAt: now + 1_000 };
    }
    return null;
  }

  started(now: number): void {
    this.inFlight += 1;
    this.minute.add(now, 1);
  }

  /** A request ended; its tokens count against the period in progress. */
  finished(usedTokens: number, now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.counted(usedTokens, now);
  }

  /** Tokens used outside a request (an answer generated after it), against the period in progress if it is still the one that was read. */
  counted(usedTokens: number, now: number): void {
    const budget = this.budget;
    if (budget === null || !(usedTokens > 0) || !Number.isFinite(usedTokens)) return;
    // After a rollover the next read of the store starts the new period from its rows
    if (now >= budget.start && (budget.end === null || now < budget.end)) budget.addedSinceRead += usedTokens;
  }

  /** Tokens used in the period containing `now`: the store is read when the period is not the one held. */
  private budgetOf(key: ClientKeyRecord, store: GatewayStore, now: number): BudgetSpent {
    const held = this.budget;
    // The period held still contains now: no calendar arithmetic per request
    if (held !== null && now >= held.start && (held.end === null || now < held.end)) return held;
    const span = periodSpan(key.budgetPeriod, now);
    this.budget = { start: span.start, end: span.end, stored: store.tokensUsedSince(key.id, span.start), addedSinceRead: 0 };
    return this.budget;
  }
}
