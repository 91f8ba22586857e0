import type { CircuitState } from './types.js';

export interface BreakerSettings {
  /** Failures among the recent outcomes that open the breaker (when they are also most of them). */
  failureThreshold: number;
  /** How long it stays open before one trial request may go. */
  openMs: number;
}

/** Outcomes remembered, and the share of failures among them that opens the breaker. */
const WINDOW = 20;
const OPENING_SHARE = 0.75;

/**
 * Stops sending to a target that keeps failing. Closed: everything goes; it opens when the last outcomes hold
 * `failureThreshold` failures that are also most of them, so a target that fails by chance one time in five
 * under load stays in use while a dead one opens within a few requests. Open: nothing goes for `openMs`.
 * Half-open: one trial at a time; its success closes the breaker, its failure reopens it.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  /** A ring of the last outcomes (1 = failure) and how many of them are failures. */
  private readonly recent = new Uint8Array(WINDOW);
  private recorded = 0;
  private failures = 0;
  private openedUntil = 0;
  /** When the half-open trial in flight started; null when none is. */
  private trialStartedAt: number | null = null;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request may go now. In half-open, saying yes makes that request the trial. */
  allow(): boolean {
    const now = this.now();
    this.refresh(now);
    if (this.current === 'closed') return true;
    if (this.current === 'open') return false;
    // A trial that never reported (its client went away) must not keep the breaker half-open forever.
    if (this.trialStartedAt !== null && now - this.trialStartedAt < this.settings.openMs) return false;
    this.trialStartedAt = now;
    return true;
  }

  success(): void {
    this.refresh(this.now());
    // A late success of a request sent before the breaker opened says nothing about the target now.
    if (this.current === 'open') return;
    if (this.current === 'half-open') this.forget();
    this.current = 'closed';
    this.remember(0);
    this.trialStartedAt = null;
  }

  failure(): void {
    const now = this.now();
    this.refresh(now);
    if (this.current === 'half-open') return this.open(now);
    if (this.current !== 'closed') return;
    this.remember(1);
    if (this.failures >= this.settings.failureThreshold && this.failures >= OPENING_SHARE * Math.min(this.recorded, WINDOW)) this.open(now);
  }

  state(): CircuitState {
    this.refresh(this.now());
    return this.current;
  }

  /** While requests are refused: when one may go again (open: the trial; half-open: a stuck trial's successor). */
  openUntil(): number | null {
    const now = this.now();
    this.refresh(now);
    if (this.current === 'open') return this.openedUntil;
    if (this.current === 'half-open' && this.trialStartedAt !== null && now - this.trialStartedAt < this.settings.openMs) {
      return this.trialStartedAt + this.settings.openMs;
    }
    return null;
  }

  /** Idle: closed with no failure counted, so forgetting it loses nothing. */
  isIdle(): boolean {
    return this.state() === 'closed' && this.failures === 0;
  }

  private remember(outcome: 0 | 1): void {
    const slot = this.recorded % WINDOW;
    if (this.recorded >= WINDOW) this.failures -= this.recent[slot]!;
    this.recent[slot] = outcome;
    this.failures += outcome;
    this.recorded++;
  }

  private forget(): void {
    this.recent.fill(0);
    this.recorded = 0;
    this.failures = 0;
  }

  private open(now: number): void {
    this.forget();
    this.current = 'open';
    this.openedUntil = now + this.settings.openMs;
    this.trialStartedAt = null;
  }

  private refresh(now: number): void {
    if (this.current === 'open' && now >= this.openedUntil) this.current = 'half-open';
  }
}

/** How many breakers are kept; targets named by clients (models no route names) must not grow memory without bound. */
const MAX_BREAKERS = 10_000;

/** One breaker per target id (upstream + model), made on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxBreakers = MAX_BREAKERS,
  ) {}

  /** The target's breaker; `settings` apply when it is made. */
  get(id: string, settings: BreakerSettings): CircuitBreaker {
    let breaker = this.breakers.get(id);
    if (breaker === undefined) {
      if (this.breakers.size >= this.maxBreakers) this.makeRoom();
      breaker = new CircuitBreaker(settings, this.now);
      this.breakers.set(id, breaker);
    }
    return breaker;
  }

  states(): Array<{ id: string; state: CircuitState; openUntil: number | null }> {
    return [...this.breakers].map(([id, breaker]) => ({ id, state: breaker.state(), openUntil: breaker.openUntil() }));
  }

  /**
   * Forgets idle breakers, then the oldest ones down to 90% of the cap, so a full map is swept once per tenth of
   * the cap in new targets rather than on every one.
   */
  private makeRoom(): void {
    for (const [id, breaker] of this.breakers) {
      if (breaker.isIdle()) this.breakers.delete(id);
    }
    const keep = Math.floor(this.maxBreakers * 0.9);
    for (const id of this.breakers.keys()) {
      if (this.breakers.size <= keep) break;
      this.breakers.delete(id);
    }
  }
}
