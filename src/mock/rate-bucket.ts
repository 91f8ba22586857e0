import type { RateState } from '../providers/simulator.js';

const WINDOW_MS = 60_000;

/**
 * Two token buckets per key, as the providers meter: requests per minute and tokens per minute,
 * each refilling continuously over a one-minute window.
 */
export class RateBucket {
  private requests: number;
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly requestsPerMinute: number,
    private readonly tokensPerMinute: number,
    now: number,
  ) {
    this.requests = requestsPerMinute;
    this.tokens = tokensPerMinute;
    this.updatedAt = now;
  }

  /** Takes one request and `cost` tokens if both fit; always returns the state to report. */
  take(cost: number, now: number): RateState {
    this.refill(now);
    const tokenCost = Math.min(cost, this.tokensPerMinute);
    const requestWait = this.requests >= 1 ? 0 : this.waitFor(1 - this.requests, this.requestsPerMinute);
    const tokenWait = this.tokens >= tokenCost ? 0 : this.waitFor(tokenCost - this.tokens, this.tokensPerMinute);
    const exhausted = requestWait > 0 ? 'requests' : tokenWait > 0 ? 'tokens' : null;
    if (exhausted === null) {
      this.requests -= 1;
      this.tokens -= tokenCost;
    }
    return this.state(now, Math.max(requestWait, tokenWait), exhausted);
  }

  /** The state without taking anything (for answers that never reached the meter). */
  peek(now: number): RateState {
    this.refill(now);
    return this.state(now, 0, null);
  }

  private state(now: number, retryAfterMs: number, exhausted: RateState['exhausted']): RateState {
    return {
      limitRequests: this.requestsPerMinute,
      remainingRequests: Math.floor(this.requests),
      resetRequestsMs: this.waitFor(this.requestsPerMinute - this.requests, this.requestsPerMinute),
      limitTokens: this.tokensPerMinute,
      remainingTokens: Math.floor(this.tokens),
      resetTokensMs: this.waitFor(this.tokensPerMinute - this.tokens, this.tokensPerMinute),
      retryAfterMs,
      exhausted,
      now,
    };
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.requests = Math.min(this.requestsPerMinute, this.requests + (elapsed * this.requestsPerMinute) / WINDOW_MS);
    this.tokens = Math.min(this.tokensPerMinute, this.tokens + (elapsed * this.tokensPerMinute) / WINDOW_MS);
  }

  private waitFor(deficit: number, perMinute: number): number {
    return deficit <= 0 ? 0 : Math.ceil((deficit * WINDOW_MS) / perMinute);
  }
}
